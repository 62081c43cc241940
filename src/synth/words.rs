//! The word lists synthetic municipalities are made from: provinces,
//! parts of names, target groups and the words of their prose.

pub(super) const PROVINCES: &[&str] = &[
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
];

pub(super) const NAME_START: &[&str] = &[
    "Aal", "Alk", "Amer", "Ber", "Bos", "Brug", "Dal", "Dijk", "Dor", "Eem", "Elst", "Gel", "Gra",
    "Hal", "Has", "Heer", "Hil", "Hoog", "Kamp", "Laar", "Lin", "Maas", "Meer", "Nij", "Oos",
    "Ous", "Rijn", "Roos", "Schoon", "Sint", "Stad", "Ter", "Uit", "Veen", "Vlie", "Wes", "Wier",
    "Zand", "Zee", "Zwaag",
];

pub(super) const NAME_MIDDLE: &[&str] = &[
    "", "", "", "en", "er", "el", "in", "ter", "de", "a", "o", "u", "ke", "re", "se",
];

pub(super) const NAME_END: &[&str] = &[
    "beek", "berg", "broek", "burg", "dam", "dijk", "dorp", "drecht", "gouw", "haven", "heim",
    "horst", "hout", "hoven", "huizen", "kerk", "land", "lo", "meer", "mond", "oord", "rade",
    "recht", "sloot", "stein", "veen", "veld", "voort", "wijk", "woude", "zande", "zijl",
];

pub(super) const NAME_EXTRA: &[&str] = &[
    "aan Zee",
    "aan de Maas",
    "aan den Rijn",
    "bij Duurstede",
    "op Zoom",
    "aan de IJssel",
];

pub(super) const TARGET_GROUPS: &[&str] = &[
    "ouderen",
    "75-plussers",
    "jongeren",
    "mantelzorgers",
    "statushouders",
    "alleenstaanden",
    "mensen met een beperking",
    "nieuwe inwoners",
    "weduwen en weduwnaars",
    "studenten",
];

pub(super) const WORDS: &[&str] = &[
    "aanpak",
    "activiteit",
    "bewoners",
    "bibliotheek",
    "buurt",
    "contact",
    "coalitie",
    "dorpshuis",
    "eenzaamheid",
    "gemeente",
    "gesprek",
    "huisarts",
    "inwoners",
    "jaarlijks",
    "kerk",
    "koffie",
    "maatschappelijk",
    "netwerk",
    "ontmoeting",
    "ouderen",
    "partners",
    "plan",
    "samen",
    "signaleren",
    "sport",
    "taboe",
    "vrijwilligers",
    "welzijn",
    "werkt",
    "wijk",
    "wijkteam",
    "zorg",
    "met",
    "de",
    "het",
    "een",
    "en",
    "voor",
    "in",
    "van",
    "op",
    "door",
    "organiseert",
    "ondersteunt",
    "betrekt",
    "bereikt",
];

pub(super) const EFFORT_WORDS: &[&str] = &[
    "Week tegen eenzaamheid",
    "Training",
    "Huisbezoeken",
    "Buurtkamer",
    "Publiekscampagne",
    "Netwerk",
    "Telefooncirkel",
    "Maaltijden",
    "Wandelgroep",
    "Coalitie",
    "Digitale vaardigheden",
    "Signaleren",
    "Vrijwilligers",
    "Ontmoetingsplek",
    "Cursus",
    "Mantelzorg",
];

pub(super) const EFFORT_TAIL: &[&str] = &[
    "voor ouderen",
    "in de wijk",
    "met de bibliotheek",
    "voor jongeren",
    "in het dorpshuis",
    "met huisartsen",
    "voor mantelzorgers",
    "",
    "",
];
