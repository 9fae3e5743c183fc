//! The language of the article: detected from its text (`whatlang`), else the
//! language the page declares.

/// ISO 639-1 code of the text's language, else of the declared one.
pub fn detect(text: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared
        .map(|d| {
            d.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|d| d.len() == 2 || d.len() == 3);
    // A sample is enough and keeps detection fast on long texts.
    let sample: String = text.chars().take(2000).collect();
    if sample.chars().filter(|c| c.is_alphabetic()).count() >= 40 {
        if let Some(info) = whatlang::detect(&sample) {
            if info.is_reliable() || declared.is_none() {
                if let Some(code) = iso639_1(info.lang()) {
                    return Some(code.to_owned());
                }
            }
        }
    }
    declared
}

fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Pol => "pl",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Tur => "tr",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Vie => "vi",
        Ind => "id",
        Tha => "th",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Pes => "fa",
        Urd => "ur",
        Ben => "bn",
        Bel => "be",
        Epo => "eo",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn detects_text_language_over_declared() {
        let de = "Die Stadt hat am Montag die alte Brücke über den Fluss wieder geöffnet, nachdem sie zwei Jahre lang repariert worden war.";
        assert_eq!(super::detect(de, Some("en-US")).as_deref(), Some("de"));
        assert_eq!(super::detect("", Some("fr-FR")).as_deref(), Some("fr"));
    }
}
