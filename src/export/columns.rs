//! The columns of the tabular downloads and the fields of the JSON, each
//! with what it holds in the site's language: the data page lists them,
//! the CSV and the workbook are written in this order.

use std::borrow::Cow;

use crate::model::SiteConfig;

/// The columns of [`crate::routes::CSV`] (and of the workbook's sheet of efforts), in
/// order, with what each holds (Dutch, for the data page). The code
/// column's meaning comes from the site: see [`csv_columns`].
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("gemeente", "De naam van de gemeente."),
    (
        "gemeente_id",
        "De korte naam van de gemeente in adressen van deze site, zoals den-haag.",
    ),
    (
        "gemeentecode",
        "De officiële code van de gemeente; leeg als die niet bekend is.",
    ),
    ("provincie", "De provincie van de gemeente."),
    (
        "status",
        "gedaan (al uitgevoerd) of gepland (nog van plan).",
    ),
    ("titel", "De inzet, in de woorden van de bron."),
    (
        "onderwerpen",
        "De onderwerpen van de inzet, gescheiden door een puntkomma (;).",
    ),
    (
        "onderwerp_ids",
        "De korte namen van die onderwerpen, gescheiden door een puntkomma (;).",
    ),
    (
        "doelgroepen",
        "Op wie de gemeente zich richt, gescheiden door een puntkomma (;); leeg als de bron niets zegt.",
    ),
    (
        "regionale_partners",
        "Gemeenten waarmee de gemeente samenwerkt, gescheiden door een puntkomma (;); leeg als de bron er geen noemt.",
    ),
    (
        "uitgelicht",
        "ja als de bron deze inzet apart noemt (als voorbeeld voor andere gemeenten); anders nee.",
    ),
    (
        "uitgelicht_waarom",
        "Waarom de bron de inzet apart noemt, in de woorden van de redactie; leeg als de bron dat niet doet.",
    ),
    (
        "indeling_door_redactie",
        "ja als de redactie, niet de bron, de inzet heeft verdeeld in gedaan en gepland; anders nee.",
    ),
    (
        "bron_ids",
        "De korte namen van de bronnen van de gegevens van deze gemeente, gescheiden door een puntkomma (;); zie de bronnen hieronder.",
    ),
    (
        "peildatum",
        "De datum waarop de gegevens betrekking hebben (JJJJ-MM-DD).",
    ),
];

/// [`CSV_COLUMNS`] with the meaning of the code column made specific to
/// the site (what its codes are, from `[code]` in site.toml).
pub fn csv_columns(config: &SiteConfig) -> Vec<(&'static str, Cow<'static, str>)> {
    CSV_COLUMNS
        .iter()
        .map(|(name, meaning)| {
            let meaning = match (
                *name,
                config.code.as_ref().and_then(|c| c.description.as_ref()),
            ) {
                ("gemeentecode", Some(d)) => {
                    Cow::Owned(format!("{d} Leeg als de code niet bekend is."))
                }
                _ => Cow::Borrowed(*meaning),
            };
            (*name, meaning)
        })
        .collect()
}

/// The columns of the workbook's sheet of municipalities, with what each
/// holds (Dutch, for the data page).
pub const MUNICIPALITY_COLUMNS: &[(&str, &str)] = &[
    (
        "gemeentecode",
        "De officiële code van de gemeente; leeg als die niet bekend is.",
    ),
    ("gemeente", "De naam van de gemeente."),
    (
        "gemeente_id",
        "De korte naam van de gemeente in adressen van deze site.",
    ),
    ("provincie", "De provincie van de gemeente."),
    (
        "keer_gedaan",
        "Hoeveel inzet de gemeente al heeft uitgevoerd.",
    ),
    ("keer_gepland", "Hoeveel inzet de gemeente nog van plan is."),
    (
        "doelgroepen",
        "Op wie de gemeente zich richt; leeg als de bron niets zegt.",
    ),
    (
        "regionale_partners",
        "Gemeenten waarmee de gemeente samenwerkt; leeg als de bron er geen noemt.",
    ),
    (
        "website",
        "De eigen pagina van de gemeente over het onderwerp; leeg als die niet bekend is.",
    ),
    (
        "indeling_door_redactie",
        "ja als de redactie de inzet heeft verdeeld in gedaan en gepland; anders nee.",
    ),
    (
        "bijgewerkt",
        "Wanneer de gegevens van de gemeente voor het laatst zijn bijgewerkt (een datum); leeg als dat niet na de peildatum was.",
    ),
    ("bron_ids", "De korte namen van de bronnen."),
    (
        "bijzonderheden",
        "Opmerkingen over de gemeente, als platte tekst; leeg als er geen zijn.",
    ),
    (
        "breedtegraad",
        "Waar het centrum of gemeentehuis ligt: graden noorderbreedte; leeg als niet bekend.",
    ),
    (
        "lengtegraad",
        "Waar het centrum of gemeentehuis ligt: graden oosterlengte; leeg als niet bekend.",
    ),
];

/// The fields of [`crate::routes::JSON`] (dotted paths, `[]` for the items of a
/// list), with what each holds (Dutch, for the data page). A test checks
/// that this names every field of the published schema, and no other.
pub const JSON_FIELDS: &[(&str, &str)] = &[
    ("title", "De titel van deze vergelijking."),
    ("description", "Eén zin over deze vergelijking."),
    ("language", "De taal van de teksten, zoals nl."),
    ("url", "Het adres van deze site."),
    (
        "peildatum",
        "De datum waarop de gegevens betrekking hebben (JJJJ-MM-DD).",
    ),
    (
        "license",
        "De licentie van de gegevens, in woorden; null als er geen is opgegeven.",
    ),
    (
        "license_url",
        "Het webadres van de licentie; null als er geen is opgegeven.",
    ),
    (
        "code",
        "Wat de gemeentecodes zijn; null als de gegevens geen codes hebben.",
    ),
    (
        "code.pattern",
        "Het patroon (een reguliere expressie) waar elke code aan voldoet.",
    ),
    ("code.description", "Wat de code is, in woorden."),
    ("sources", "De bronnen; de eerste is de belangrijkste."),
    ("sources[].id", "De korte naam van de bron."),
    ("sources[].title", "De titel van de bron."),
    (
        "sources[].publisher",
        "Wie de bron uitgaf; null als dat niet bekend is.",
    ),
    (
        "sources[].date",
        "Wanneer, in woorden; null als dat niet bekend is.",
    ),
    (
        "sources[].url",
        "Waar de bron te lezen is; null als dat niet bekend is.",
    ),
    ("topics", "De onderwerpen waarmee de inzet is ingedeeld."),
    ("topics[].slug", "De korte naam van het onderwerp."),
    ("topics[].name", "De naam van het onderwerp."),
    ("topics[].description", "Wat onder het onderwerp valt."),
    ("topics[].synonyms", "Andere woorden voor het onderwerp."),
    ("municipalities", "Alle gemeenten, op naam gesorteerd."),
    (
        "municipalities[].slug",
        "De korte naam van de gemeente in adressen van deze site.",
    ),
    (
        "municipalities[].code",
        "De officiële code van de gemeente; null als die niet bekend is.",
    ),
    ("municipalities[].name", "De naam van de gemeente."),
    ("municipalities[].province", "De provincie van de gemeente."),
    (
        "municipalities[].url",
        "De pagina van de gemeente op deze site.",
    ),
    (
        "municipalities[].updated",
        "Wanneer de gegevens voor het laatst zijn bijgewerkt (JJJJ-MM-DD); null als dat niet na de peildatum was.",
    ),
    (
        "municipalities[].location",
        "Waar het centrum of gemeentehuis ligt; null als dat niet is opgegeven.",
    ),
    (
        "municipalities[].location.latitude",
        "Graden noorderbreedte.",
    ),
    (
        "municipalities[].location.longitude",
        "Graden oosterlengte.",
    ),
    (
        "municipalities[].sources",
        "De korte namen van de bronnen van de gegevens.",
    ),
    (
        "municipalities[].target_groups",
        "Op wie de gemeente zich richt; leeg als de bron niets zegt.",
    ),
    (
        "municipalities[].regional_partners",
        "Gemeenten waarmee de gemeente samenwerkt; leeg als de bron er geen noemt.",
    ),
    (
        "municipalities[].website",
        "De eigen pagina van de gemeente over het onderwerp; null als die niet bekend is.",
    ),
    (
        "municipalities[].split_reconstructed",
        "true als de redactie, niet de bron, de inzet heeft verdeeld in gedaan en gepland.",
    ),
    (
        "municipalities[].notes",
        "Opmerkingen, in Markdown; null als er geen zijn.",
    ),
    (
        "municipalities[].completed",
        "De inzet die al is uitgevoerd, in de volgorde van de bron.",
    ),
    (
        "municipalities[].completed[].anchor",
        "Het anker van de inzet op de pagina van de gemeente (url + # + anker).",
    ),
    (
        "municipalities[].completed[].title",
        "De inzet, in de woorden van de bron.",
    ),
    (
        "municipalities[].completed[].topics",
        "De korte namen van de onderwerpen van de inzet.",
    ),
    (
        "municipalities[].completed[].description",
        "Meer over de inzet, in Markdown; null als er niet meer is.",
    ),
    (
        "municipalities[].completed[].notable",
        "Waarom de bron deze inzet apart noemt, in de woorden van de redactie; null als de bron dat niet doet.",
    ),
    (
        "municipalities[].planned",
        "De inzet die gepland is; elke inzet heeft dezelfde velden als bij completed.",
    ),
    ("municipalities[].planned[].anchor", "Zie completed."),
    ("municipalities[].planned[].title", "Zie completed."),
    ("municipalities[].planned[].topics", "Zie completed."),
    ("municipalities[].planned[].description", "Zie completed."),
    ("municipalities[].planned[].notable", "Zie completed."),
    (
        "municipalities[].completed[].id",
        "De korte naam waarmee de redactie dezelfde inzet in verschillende standen aan elkaar koppelt; null als die er niet is.",
    ),
    (
        "municipalities[].completed[].link_note",
        "Waarom de redactie de inzet koppelt aan die met dezelfde id in een eerdere stand, in eigen woorden; null als dat er niet bij staat.",
    ),
    (
        "municipalities[].completed[].source",
        "De eigen bron van de inzet, als die niet de bron van de stand is (alleen in eerdere standen); anders null.",
    ),
    ("municipalities[].planned[].id", "Zie completed."),
    ("municipalities[].planned[].link_note", "Zie completed."),
    ("municipalities[].planned[].source", "Zie completed."),
    (
        "municipalities[].history",
        "Eerdere standen van de aanpak, de oudste eerst; leeg als de site alleen de huidige stand kent.",
    ),
    (
        "municipalities[].history[].peildatum",
        "De datum van die stand (JJJJ-MM-DD), vóór de peildatum van de dataset.",
    ),
    (
        "municipalities[].history[].source",
        "De korte naam van de bron van die stand.",
    ),
    (
        "municipalities[].history[].completed",
        "De inzet die toen gedaan was; het anker wijst naar die datum onder ‘Voortgang’ op de pagina van de gemeente. Elke inzet heeft de velden van completed hierboven.",
    ),
    (
        "municipalities[].history[].planned",
        "De inzet die toen gepland was; zie history[].completed.",
    ),
    (
        "municipalities[].history[].completed[].anchor",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].title",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].topics",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].description",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].notable",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].id",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].link_note",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].source",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].anchor",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].title",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].topics",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].description",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].notable",
        "Zie completed.",
    ),
    ("municipalities[].history[].planned[].id", "Zie completed."),
    (
        "municipalities[].history[].planned[].link_note",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].source",
        "Zie completed.",
    ),
];
