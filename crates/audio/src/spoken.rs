//! Text written for speech: what a reader sees (`$4.5 billion`, `14 Oct. 2026`, `3.2%`,
//! `Dr.`, `[2]`, `**bold**`) becomes what a listener should hear ("four point five
//! billion dollars", "the fourteenth of October, twenty twenty-six", "three point two
//! percent", "Doctor"), and characters no voice can say are dropped.
//!
//! A speech engine guesses at such tokens, and guesses differ between engines and
//! voices; writing them out makes the script the one place that decides, so the printed
//! script (`parallax brief --format speech`) is exactly what is spoken.

use std::sync::LazyLock;

use num2words::Num2Words;
use regex::{Captures, Regex};

/// Month names, and the abbreviations that stand for them before a day number.
const MONTHS: [(&str, &[&str]); 12] = [
    ("January", &["Jan"]),
    ("February", &["Feb"]),
    ("March", &["Mar"]),
    ("April", &["Apr"]),
    ("May", &[]),
    ("June", &["Jun"]),
    ("July", &["Jul"]),
    ("August", &["Aug"]),
    ("September", &["Sep", "Sept"]),
    ("October", &["Oct"]),
    ("November", &["Nov"]),
    ("December", &["Dec"]),
];

/// A number as written in news text: `1,200`, `4.5`, `12`. ASCII digits only: other
/// scripts' digits are left to the voice.
const NUM: &str = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?";

/// Abbreviations read as words. The ones that often close a sentence keep its full stop
/// there, so the voice still pauses.
const ABBREVIATIONS: [(&str, &str); 22] = [
    ("Mr.", "Mister"),
    ("Mrs.", "Missus"),
    ("Ms.", "Miz"),
    ("Dr.", "Doctor"),
    ("Prof.", "Professor"),
    ("Gov.", "Governor"),
    ("Sen.", "Senator"),
    ("Rep.", "Representative"),
    ("Gen.", "General"),
    ("Lt.", "Lieutenant"),
    ("Col.", "Colonel"),
    ("Sgt.", "Sergeant"),
    ("Jr.", "Junior"),
    ("Inc.", "Incorporated"),
    ("Ltd.", "Limited"),
    ("Corp.", "Corporation"),
    ("approx.", "approximately"),
    ("e.g.", "for example"),
    ("i.e.", "that is"),
    ("etc.", "et cetera"),
    ("vs.", "versus"),
    ("No.", "number"),
];

/// Units after a number.
const UNITS: [(&str, &str); 10] = [
    ("km/h", "kilometres per hour"),
    ("km", "kilometres"),
    ("kg", "kilograms"),
    ("mph", "miles per hour"),
    ("cm", "centimetres"),
    ("mm", "millimetres"),
    ("ha", "hectares"),
    ("°C", "degrees Celsius"),
    ("°F", "degrees Fahrenheit"),
    ("MW", "megawatts"),
];

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this file, checked by its tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("spoken-text pattern {pattern}: {e}"))
}

fn month_alternation() -> String {
    MONTHS
        .iter()
        .flat_map(|(name, short)| std::iter::once(*name).chain(short.iter().copied()))
        .collect::<Vec<_>>()
        .join("|")
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| regex(r"\[[0-9]+(?:\s*[,–-]\s*[0-9]+)*\]"));
static LINK: LazyLock<Regex> = LazyLock::new(|| regex(r"\[([^\]]*)\]\([^)]*\)"));
static URL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:https?://|www\.)\S+"));
static TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"</?[A-Za-z][^<>]{0,300}>"));
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\b")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+({})\.?(?:,?\s+([0-9]{{4}})\b)?",
        month_alternation()
    ))
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b({})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+([0-9]{{4}})\b)?",
        month_alternation()
    ))
});
static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(US\$|\$|€|£|¥)\s?({NUM})(?:\s?(thousand|million|billion|trillion|bn|m|k)\b|(M|B|bn|m|k|K)\b)?"
    ))
});
static CURRENCY_CODE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b({NUM})(?:\s?(thousand|million|billion|trillion))?\s?(USD|EUR|GBP|JPY)\b"
    ))
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"({NUM})\s?%")));
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    let units: Vec<String> = UNITS.iter().map(|(u, _)| regex::escape(u)).collect();
    regex(&format!(r"([0-9])\s?({})(?:\b|$|\s)", units.join("|")))
});
static ORDINAL: LazyLock<Regex> = LazyLock::new(|| regex(r"\b([0-9]{1,9})(?:st|nd|rd|th)\b"));
static TIME: LazyLock<Regex> = LazyLock::new(|| regex(r"\b([0-9]{1,2}):([0-9]{2})\b"));
static RANGE: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"\b({NUM})\s?[–-]\s?({NUM})\b")));
static YEAR: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(1[1-9][0-9]{2}|20[0-9]{2})\b"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"\b(?:{NUM})\b")));
static INITIALISM: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:[A-Z]\.){2,}"));
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = ABBREVIATIONS
        .iter()
        .map(|(a, _)| regex::escape(a))
        .collect();
    regex(&format!(r"(^|[^A-Za-z.])({})", words.join("|")))
});
static MERIDIEM: LazyLock<Regex> = LazyLock::new(|| regex(r"\b([ap])\.m\.(\s+[A-Z])?"));
static SPACE_BEFORE_PUNCT: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+([,.;:!?])"));
static REPEATED_PUNCT: LazyLock<Regex> = LazyLock::new(|| regex(r"([,.;:!?])[,.;:]+"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+"));

/// `text` written for speech (English): numbers, dates, currencies, percentages,
/// ordinals, times, ranges, units and common abbreviations in words; citation markers,
/// links, Markdown and markup removed; characters the voice cannot say dropped (letters
/// of any script stay). One line, whitespace collapsed.
pub fn for_speech(text: &str) -> String {
    let mut s = CITATION.replace_all(text, "").into_owned();
    s = LINK.replace_all(&s, "$1").into_owned();
    s = URL.replace_all(&s, "").into_owned();
    s = TAG.replace_all(&s, " ").into_owned();
    s = replace_abbreviations(&s);
    s = replace(&ISO_DATE, &s, |c| {
        let (year, month, day) = (&c[1], &c[2], &c[3]);
        match (month.parse::<usize>(), day.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d @ 1..=31)) => {
                format!("{} {}, {}", MONTHS[m - 1].0, ordinal(d), year_words(year))
            }
            _ => c[0].to_string(),
        }
    });
    s = replace(&DAY_MONTH, &s, |c| {
        let day = c[1].parse::<u32>().unwrap_or(0);
        if !(1..=31).contains(&day) {
            return c[0].to_string();
        }
        let year = c
            .get(3)
            .map_or_else(String::new, |y| format!(", {}", year_words(y.as_str())));
        format!("the {} of {}{year}", ordinal(day), month_name(&c[2]))
    });
    s = replace(&MONTH_DAY, &s, |c| {
        let day = c[2].parse::<u32>().unwrap_or(0);
        if !(1..=31).contains(&day) {
            return c[0].to_string();
        }
        let year = c
            .get(3)
            .map_or_else(String::new, |y| format!(", {}", year_words(y.as_str())));
        format!("{} {}{year}", month_name(&c[1]), ordinal(day))
    });
    s = replace(&CURRENCY, &s, |c| {
        // `$85M`, `€2bn`, `£40k` and `$85 million` alike.
        let scale = c.get(3).or(c.get(4)).map(|m| match m.as_str() {
            "bn" | "B" => "billion",
            "m" | "M" => "million",
            "k" | "K" => "thousand",
            other => other,
        });
        money(&c[2], scale, currency_of_symbol(&c[1]))
    });
    s = replace(&CURRENCY_CODE, &s, |c| {
        let currency = match &c[3] {
            "USD" => ("dollar", "dollars", "cent", "cents"),
            "EUR" => ("euro", "euros", "cent", "cents"),
            "GBP" => ("pound", "pounds", "penny", "pence"),
            _ => ("yen", "yen", "sen", "sen"),
        };
        money(&c[1], c.get(2).map(|m| m.as_str()), currency)
    });
    s = replace(&PERCENT, &s, |c| format!("{} percent", number(&c[1])));
    s = replace(&UNIT, &s, |c| {
        let word = UNITS
            .iter()
            .find(|(u, _)| *u == &c[2])
            .map_or("", |(_, w)| w);
        let tail = if c[0].ends_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        format!("{} {word}{tail}", &c[1])
    });
    s = replace(&ORDINAL, &s, |c| {
        c[1].parse::<u32>()
            .map_or_else(|_| c[0].to_string(), ordinal)
    });
    s = replace(&TIME, &s, |c| {
        let (h, m) = (
            c[1].parse::<u32>().unwrap_or(99),
            c[2].parse::<u32>().unwrap_or(99),
        );
        match (h, m) {
            (0..=23, 0) => format!("{} o'clock", cardinal(u64::from(h))),
            (0..=23, 1..=9) => format!("{} oh {}", cardinal(u64::from(h)), cardinal(u64::from(m))),
            (0..=23, 10..=59) => format!("{} {}", cardinal(u64::from(h)), cardinal(u64::from(m))),
            _ => c[0].to_string(),
        }
    });
    s = replace(&RANGE, &s, |c| {
        let side = |n: &str| {
            if YEAR.is_match(n) && n.len() == 4 {
                year_words(n)
            } else {
                number(n)
            }
        };
        format!("{} to {}", side(&c[1]), side(&c[2]))
    });
    s = replace(&YEAR, &s, |c| year_words(&c[1]));
    s = replace(&NUMBER, &s, |c| number(&c[0]));
    s = replace(&MERIDIEM, &s, |c| {
        // "3 p.m. Officials said" ends a sentence; "3 p.m. on Monday" does not.
        let next = c.get(2).map_or("", |m| m.as_str());
        let stop = if next.is_empty() { "" } else { "." };
        format!("{} m{stop}{next}", &c[1])
    });
    s = replace_initialisms(&s);
    let s = speakable(&s);
    let s = SPACES.replace_all(&s, " ");
    let s = SPACE_BEFORE_PUNCT.replace_all(&s, "$1");
    let s = REPEATED_PUNCT.replace_all(&s, "$1");
    s.trim().to_string()
}

/// Initialisms letter by letter (`U.S.` -> "U S"); one that closes a sentence keeps a
/// full stop. Where sentences close is the project's sentence splitter's call, which
/// knows that "U.S. President" runs on; a capital after the initialism does not decide.
fn replace_initialisms(text: &str) -> String {
    let sentence_ends: Vec<usize> = parallax_text::sentences::sentences(text)
        .iter()
        // Each sentence's text is a slice of `text`: its end, in bytes.
        .map(|s| s.text.as_ptr() as usize - text.as_ptr() as usize + s.text.len())
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in INITIALISM.find_iter(text) {
        let letters: Vec<String> = m
            .as_str()
            .chars()
            .filter(char::is_ascii_uppercase)
            .map(String::from)
            .collect();
        out.push_str(&text[last..m.start()]);
        out.push_str(&letters.join(" "));
        if sentence_ends.contains(&m.end()) {
            out.push('.');
        }
        last = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Whether the text after an abbreviation's full stop starts a new sentence (or there
/// is none).
fn closes_sentence(rest: &str) -> bool {
    rest.trim().is_empty()
        || (rest.starts_with(char::is_whitespace)
            && rest.trim_start().starts_with(char::is_uppercase))
}

fn replace(re: &Regex, text: &str, f: impl Fn(&Captures<'_>) -> String) -> String {
    re.replace_all(text, |c: &Captures<'_>| f(c)).into_owned()
}

/// Abbreviations in words; one that closes a sentence (end of text, or a capital after
/// it) keeps a full stop.
fn replace_abbreviations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in ABBREVIATION.captures_iter(text) {
        let (Some(whole), Some(abbr)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let rest = &text[whole.end()..];
        // "No." is "number" only before a number ("No. 5"): elsewhere it is the word
        // "no" closing a sentence.
        if abbr.as_str() == "No." && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let word = ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == abbr.as_str())
            .map_or("", |(_, w)| w);
        let closes = rest.trim().is_empty()
            || (closes_sentence(rest)
                && matches!(abbr.as_str(), "etc." | "Inc." | "Ltd." | "Corp." | "Jr."));
        out.push_str(&text[last..abbr.start()]);
        out.push_str(word);
        if closes {
            out.push('.');
        }
        last = whole.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Only what a voice can say: letters and digits of any script, whitespace, and the
/// punctuation that shapes speech; typographic quotes and dashes made plain, a few
/// symbols said as words, everything else (emoji, control characters, private-use and
/// unassigned code points, stray symbols) dropped.
fn speakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            c if c.is_alphanumeric() => out.push(c),
            c if c.is_whitespace() => out.push(' '),
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '(' | ')' | '-' => out.push(ch),
            '‘' | '’' | '`' => out.push('\''),
            '“' | '”' | '«' | '»' | '„' => out.push('"'),
            '–' | '—' => out.push_str(", "),
            '…' => out.push_str("..."),
            '&' => out.push_str(" and "),
            '+' => out.push_str(" plus "),
            '=' => out.push_str(" equals "),
            '/' | '_' | '|' | '*' | '#' | '~' | '<' | '>' | '[' | ']' | '{' | '}' | '^' => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out
}

fn month_name(written: &str) -> &'static str {
    MONTHS
        .iter()
        .find(|(name, short)| *name == written || short.contains(&written))
        .map_or("", |(name, _)| name)
}

fn currency_of_symbol(symbol: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match symbol {
        "€" => ("euro", "euros", "cent", "cents"),
        "£" => ("pound", "pounds", "penny", "pence"),
        "¥" => ("yen", "yen", "sen", "sen"),
        _ => ("dollar", "dollars", "cent", "cents"),
    }
}

/// An amount of money: "twelve dollars and fifty cents", "four point five billion
/// euros", "one pound".
fn money(
    amount: &str,
    scale: Option<&str>,
    (one, many, minor_one, minor_many): (&str, &str, &str, &str),
) -> String {
    let plain = amount.replace(',', "");
    if let Some(scale) = scale {
        return format!("{} {scale} {many}", number(&plain));
    }
    match plain.split_once('.') {
        Some((whole, minor)) if minor.len() == 2 => {
            let whole_n = whole.parse::<u64>().unwrap_or(0);
            let minor_n = minor.parse::<u64>().unwrap_or(0);
            let unit = if whole_n == 1 { one } else { many };
            let minor_unit = if minor_n == 1 { minor_one } else { minor_many };
            if minor_n == 0 {
                format!("{} {unit}", number(whole))
            } else {
                format!(
                    "{} {unit} and {} {minor_unit}",
                    number(whole),
                    cardinal(minor_n)
                )
            }
        }
        _ => {
            let unit = if plain == "1" { one } else { many };
            format!("{} {unit}", number(&plain))
        }
    }
}

/// A written number in words: `1,200` -> "one thousand two hundred", `4.5` -> "four
/// point five", `007` -> "zero zero seven". Digits are read one by one when the number
/// is too long to say as a whole (an identifier rather than a quantity).
pub fn number(written: &str) -> String {
    let plain = written.replace(',', "");
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut words = if whole.len() > 15 || (whole.len() > 1 && whole.starts_with('0')) {
        digits(whole)
    } else {
        whole
            .parse::<u64>()
            .map_or_else(|_| digits(whole), cardinal)
    };
    if !fraction.is_empty() {
        words.push_str(" point ");
        words.push_str(&digits(fraction));
    }
    words
}

fn digits(written: &str) -> String {
    const NAMES: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    written
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| NAMES[d as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// "forty-two" for 42.
pub fn cardinal(n: u64) -> String {
    i64::try_from(n)
        .ok()
        .and_then(|n| Num2Words::new(n).to_words().ok())
        .unwrap_or_else(|| digits(&n.to_string()))
}

/// "fourteenth" for 14.
fn ordinal(n: u32) -> String {
    Num2Words::new(i64::from(n))
        .ordinal()
        .to_words()
        .unwrap_or_else(|_| n.to_string())
}

/// "twenty twenty-six" for `2026`.
fn year_words(written: &str) -> String {
    written
        .parse::<i64>()
        .ok()
        .and_then(|y| Num2Words::new(y).year().to_words().ok())
        .unwrap_or_else(|| number(written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn says(written: &str, spoken: &str) {
        assert_eq!(for_speech(written), spoken, "for {written:?}");
    }

    #[test]
    fn numbers_money_and_percentages_are_words() {
        says(
            "The bank kept its rate at 4.5% on Tuesday.",
            "The bank kept its rate at four point five percent on Tuesday.",
        );
        says(
            "A $4.5 billion package and €30m in aid.",
            "A four point five billion dollars package and thirty million euros in aid.",
        );
        says(
            "$85M for cranes, €2bn and £40k",
            "eighty-five million dollars for cranes, two billion euros and forty thousand pounds",
        );
        says(
            "Tickets cost £12.50.",
            "Tickets cost twelve pounds and fifty pence.",
        );
        says("It cost $1.", "It cost one dollar.");
        says(
            "1,200 people and 40 buses",
            "one thousand two hundred people and forty buses",
        );
        says(
            "a 500 MW plant, 80 km away",
            "a five hundred megawatts plant, eighty kilometres away",
        );
        says("3 EUR", "three euros");
    }

    #[test]
    fn dates_times_and_ordinals_are_words() {
        says(
            "On 2026-10-14 the court ruled.",
            "On October fourteenth, twenty twenty-six the court ruled.",
        );
        says(
            "Ferries resume on 14 Oct. 2026",
            "Ferries resume on the fourteenth of October, twenty twenty-six",
        );
        says("By March 3, voters", "By March third, voters");
        says(
            "the 2nd reading at 10:30",
            "the second reading at ten thirty",
        );
        says("at 9:05 p.m. on Monday", "at nine oh five p m on Monday");
        says(
            "from 2025-26 and 10-12 ships",
            "from twenty twenty-five to twenty-six and ten to twelve ships",
        );
    }

    #[test]
    fn abbreviations_and_initialisms_are_spelt_for_the_voice() {
        says(
            "Dr. Vale met Gov. Orr in the U.S. capital.",
            "Doctor Vale met Governor Orr in the U S capital.",
        );
        says(
            "Harbor Ltd. Officials said",
            "Harbor Limited. Officials said",
        );
        says("No. 10 and no. Then", "number ten and no. Then");
        says(
            "U.S. President Trump spoke in the U.S. Capitol.",
            "U S President Trump spoke in the U S Capitol.",
        );
        says(
            "Troops came home to the U.S.",
            "Troops came home to the U S.",
        );
    }

    #[test]
    fn markup_citations_and_unspeakable_characters_go() {
        says(
            "**Rates** held[1][2, 3] — see [the page](https://x.example) or https://y.example/a 😀",
            "Rates held, see the page or",
        );
        says("a <script>alert(1)</script> b", "a alert(one) b");
        says("Ελληνικά και 中文\u{1}\u{FFFF}", "Ελληνικά και 中文");
        says("", "");
        says("٣ ships", "٣ ships");
    }

    #[test]
    fn long_numbers_are_read_digit_by_digit() {
        assert_eq!(
            number("12345678901234567890"),
            digits("12345678901234567890")
        );
        assert_eq!(number("007"), "zero zero seven");
        assert_eq!(number("0.25"), "zero point two five");
    }
}
