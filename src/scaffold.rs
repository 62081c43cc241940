//! `vergelijk new`: a new municipality file from a commented template that
//! shows every field with an example, so an author fills in blanks instead
//! of looking up key names.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::model::Date;
use crate::text::slugify;

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    Date::today_plus(0)
}

/// The text of a new municipality file.
pub fn template(name: &str, province: Option<&str>, today: Date, topic: &str) -> String {
    let province_line = match province {
        Some(p) => format!("province = {}", crate::text::toml_string(p)),
        None => "# Vul de provincie in, bijvoorbeeld \"Utrecht\":\nprovince = \"\"".to_string(),
    };
    format!(
        r#"#:schema ../../schemas/municipality.schema.json
# Eén gemeente. Velden met # ervoor zijn voorbeelden: haal het # weg en vul in.
# Controleer met: vergelijk check

name = {name}
{province_line}
# Wanneer u dit bestand voor het laatst met de bronnen vergeleek (een datum,
# zonder aanhalingstekens). Dit is niet de datum van de gegevens: dat is de
# peildatum in site.toml.
updated = {today}

# Bronnen uit site.toml waar deze gegevens vandaan komen (standaard: de eerste):
# sources = ["movisie-2020"]

# Op wie de aanpak zich richt (met target_groups.toml: de korte namen daaruit):
# target_groups = ["ouderen"]

# Gemeenten waarmee wordt samengewerkt:
# regional_partners = ["Buurgemeente"]

# De website van de gemeente: de voorpagina, geen pagina diep in de site:
# website = "https://www.example.nl/"

# true als u zelf heeft ingedeeld wat gedaan en wat gepland is:
# split_reconstructed = false

# De officiële code van de gemeente (zoals [code] in site.toml die beschrijft,
# bijvoorbeeld de CBS-gemeentecode):
# code = "GM0000"

# Waar het centrum of het gemeentehuis ligt, in graden (voor de kaart):
# location = {{ latitude = 52.09, longitude = 5.12 }}

# Bijzonderheden, in Markdown. De eerste alinea staat ook in de tabel:
# notes = """
# Werkt samen met de bibliotheek.
# """

# Wat is gedaan? Eén [[completed]] per activiteit, in de woorden van de bron.
# topics: één tot drie onderwerpen uit topics.toml.
# [[completed]]
# title = "Week tegen eenzaamheid"
# topics = [{topic}]
# description = "Optioneel: wat meer uitleg, in Markdown."
# Alleen als een bron deze activiteit apart noemt: waarom, in uw eigen woorden.
# notable = "De bron noemt dit apart, omdat …"

# Wat staat gepland? Eén [[planned]] per activiteit.
# [[planned]]
# title = "Trainen van vrijwilligers"
# topics = [{topic}]
# Optioneel: een korte naam om deze activiteit te volgen over de standen
# heen (zie [[history]] hieronder). Dezelfde naam = dezelfde activiteit.
# id = "trainen-vrijwilligers"
# Waarom u deze activiteit koppelt aan die met hetzelfde id in een eerdere
# stand, in uw eigen woorden:
# link_note = "Het plan van vorig jaar noemde deze training ook."

# Eerdere standen: wat de gemeente op een eerdere datum deed en van plan
# was, volgens één bron uit site.toml. De lijsten hierboven zijn de huidige
# stand (de peildatum in site.toml); een eerdere stand is ouder.
# `vergelijk new-edition` zet de huidige stand hier voor u neer.
# [[history]]
# peildatum = 2019-01-15
# source = "movisie-2020"
#
# [[history.planned]]
# title = "Trainen van vrijwilligers"
# topics = [{topic}]
# id = "trainen-vrijwilligers"
# Alleen als deze activiteit uit een andere bron komt dan de stand zelf:
# source = "andere-bron"
"#,
        name = crate::text::toml_string(name),
        today = today.iso(),
        topic = crate::text::toml_string(topic),
    )
}

/// Writes `content/municipalities/<slug>.toml` for `name`; refuses to
/// overwrite. `topic` is an existing topic slug used in the examples.
pub fn new_municipality(
    content: &Path,
    name: &str,
    province: Option<&str>,
    topic: &str,
) -> Result<PathBuf, Error> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(Error::Refused(format!(
            "`{name}` has no letters or digits to make a file name from"
        )));
    }
    let dir = content.join("municipalities");
    let path = dir.join(format!("{slug}.toml"));
    if path.exists() {
        return Err(Error::Refused(format!(
            "{} already exists; edit it, or choose another name",
            path.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let text = template(name, province, today(), topic);
    // create_new: never overwrite, even if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days(18_276).iso(), "2020-01-15");
        assert_eq!(Date::from_days(20_415).iso(), "2025-11-23");
        assert_eq!(Date::from_days(11_016).iso(), "2000-02-29");
    }

    #[test]
    fn names_are_quoted_safely() {
        assert_eq!(
            crate::text::toml_string("Sint \"Oedenrode\" \\"),
            r#""Sint \"Oedenrode\" \\""#
        );
    }
}
