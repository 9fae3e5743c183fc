//! Numbers, money amounts and other quantities, normalised so that different spellings compare equal.
//!
//! [`quantities`] finds every quantity mentioned in a text — money (`"$275 million"`, `"€3bn"`),
//! percentages (`"12 per cent"`), plain counts (`"1,200"`, `"a dozen"`), measurements
//! (`"155 millimeter"`, `"50,000 square miles"`) and calendar years (`"in 2022"`) — with its
//! code-point offsets, its normalised value and its kind. [`Quantity::key`] rounds the value to three
//! significant digits so that `"$275 million"`, `"$275M"`, `"US$275m"`, `"275 million dollars"` and
//! `"$275,000,000"` all get the same key, and [`conflicting`] spots two reports of the same kind of
//! quantity that disagree (`"1,200 evacuated"` against `"1,500 evacuated"`).
//!
//! Numbers that are parts of names or identifiers (`"F-16"`, `"COVID-19"`), ordinals (`"3rd"`),
//! clock times (`"9:30"`), days of the month (`"Jan. 20"`) and vague words (`"hundreds"`) are not
//! reported.
//!
//! ```
//! use parallax_text::numbers::{quantities, conflicting, QuantityKind};
//!
//! let found = quantities("The package is worth $275 million, up 12% since 2022.");
//! assert_eq!(found.len(), 3);
//! assert_eq!(found[0].text, "$275 million");
//! assert_eq!(found[0].value, 275_000_000.0);
//! assert_eq!(found[0].kind, QuantityKind::Money { currency: "USD".into() });
//! assert_eq!(found[1].kind, QuantityKind::Percent);
//! assert_eq!(found[2].kind, QuantityKind::Year);
//!
//! let other = quantities("US$275m");
//! assert_eq!(found[0].key(), other[0].key());
//!
//! let a = &quantities("1,200 people were evacuated")[0];
//! let b = &quantities("1,500 people were evacuated")[0];
//! assert!(conflicting(a, b));
//! ```

use std::cmp::Reverse;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Serialize;

use crate::offsets::CharCounter;

/// A quantity found in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Code-point offset where the whole mention starts (the `$` of `"$275 million"`).
    pub start: usize,
    /// Code-point offset just past the end of the whole mention.
    pub end: usize,
    /// The normalised value: `275_000_000.0` for `"$275 million"`, `12.0` for `"12%"`.
    pub value: f64,
    /// What the number counts or measures.
    pub kind: QuantityKind,
    /// The mention verbatim, equal to the text between `start` and `end`.
    pub text: String,
}

/// What a [`Quantity`] counts or measures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum QuantityKind {
    /// An amount of money.
    Money {
        /// ISO 4217 code: `"USD"` for `$` (unless `C$`, `A$`, `HK$`, ...), `"EUR"`, `"GBP"`, ...
        currency: String,
    },
    /// A percentage; the value is the number of percent (`12.0` for `"12%"`).
    Percent,
    /// A plain number: `"1,200"`, `"1.5 million"`, `"two"`, `"a dozen"`.
    Count,
    /// A measurement or duration.
    Unit {
        /// Normalised singular unit name, e.g. `"km"`, `"mile"`, `"square mile"`, `"mm"`, `"kg"`,
        /// `"ton"`, `"degree"`, `"year"`, `"day"`, `"percentage point"`.
        unit: String,
    },
    /// A calendar year from 1800 to 2100 standing on its own (`"in 2022"`).
    Year,
}

/// Hashable, ordered key of a [`Quantity`]: its kind and its value rounded to three significant
/// digits (years are kept exact). Equal keys mean "the same amount, however it was spelled".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct QuantityKey(QuantityKind, i64, i32);

impl QuantityKey {
    /// The kind of the quantity.
    pub fn kind(&self) -> &QuantityKind {
        &self.0
    }

    /// The value rounded to three significant digits (years: to the unit).
    pub fn rounded_value(&self) -> f64 {
        // Both parts are small (|mantissa| < 1000, |exponent| < 400), so this is exact enough.
        self.1 as f64 * 10f64.powi(self.2)
    }
}

impl Quantity {
    /// The normalised key: kind plus value rounded to three significant digits, so that
    /// `"$275 million"`, `"$275M"`, `"275 million dollars"`, `"US$275m"` and `"$275,000,000"`
    /// all have the same key.
    ///
    /// Years are not rounded: `2022` and `2023` have different keys.
    pub fn key(&self) -> QuantityKey {
        let (mantissa, exponent) = if self.kind == QuantityKind::Year && self.value.is_finite() {
            (self.value.round() as i64, 0)
        } else {
            round_3_significant(self.value)
        };
        QuantityKey(self.kind.clone(), mantissa, exponent)
    }
}

/// True when both quantities are of the same kind and have the same [`Quantity::key`].
pub fn same_magnitude(a: &Quantity, b: &Quantity) -> bool {
    a.key() == b.key()
}

/// True when both quantities are of the same kind, neither is a [`QuantityKind::Year`], and their
/// values differ by more than 0.5% of the larger one — a likely contradiction between two reports.
pub fn conflicting(a: &Quantity, b: &Quantity) -> bool {
    if a.kind != b.kind || a.kind == QuantityKind::Year {
        return false;
    }
    let scale = a.value.abs().max(b.value.abs());
    (a.value - b.value).abs() > 0.005 * scale
}

/// Finds every quantity mentioned in `text`, in order of position, without overlaps.
///
/// Offsets are code-point offsets into `text`. Ranges such as `"3 to 5 million"` give two
/// quantities, both in millions.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let excluded: Vec<(usize, usize)> = EXCLUDED_RE
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut raws: Vec<Raw> = NUMBER_RE
        .find_iter(text)
        .filter_map(|m| digit_mention(text, m.start(), m.end(), &excluded))
        .collect();
    raws.extend(
        WORD_NUMBER_RE
            .captures_iter(text)
            .filter_map(|c| word_mention(text, &c)),
    );
    raws.sort_by_key(|r| (r.start, Reverse(r.end)));
    let mut kept: Vec<Raw> = Vec::with_capacity(raws.len());
    for raw in raws {
        if kept.last().is_none_or(|last| raw.start >= last.end) {
            kept.push(raw);
        }
    }
    propagate_ranges(text, &mut kept);

    let mut counter = CharCounter::new(text);
    kept.into_iter()
        .filter(|r| r.value.is_finite())
        .map(|r| Quantity {
            start: counter.char_offset(r.start),
            end: counter.char_offset(r.end),
            value: r.value,
            kind: r.kind,
            text: text.get(r.start..r.end).unwrap_or_default().to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

/// One mention before conversion to code-point offsets (offsets here are bytes).
#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    end: usize,
    value: f64,
    kind: QuantityKind,
    /// Multiplier taken from a magnitude word or suffix (`million`, `bn`, `k`).
    multiplier: Option<f64>,
    /// Whether the kind came from a currency written before the number (`$3`).
    prefixed: bool,
    /// Whether the kind came from a percent, currency or unit word after the number.
    suffixed: bool,
}

/// Whitespace between words: spaces, tabs and no-break spaces, with at most one line break.
const SP: &str = r"(?:[ \t\xA0]+|[ \t\xA0]*\r?\n[ \t\xA0]*)";

fn regex(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("<SP>", SP)).expect("static regex is valid")
}

/// A number written with digits: `1,200`, `12,34,567` (Indian grouping), `4.6`, `2022`.
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"[0-9]{1,3}(?:,[0-9]{2})*(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
});

/// Runs of digits that are dates, times, phone numbers, fractions or versions, not quantities.
static EXCLUDED_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"[0-9]+(?:(?:-[0-9]+){2,}|(?:–[0-9]+){2,}|(?:/[0-9]+)+|(?:\.[0-9]+){2,}|(?::[0-9]+)+)")
});

/// A number written as words: `two`, `twenty-five`, `ninety nine`, or the `a` of `a dozen`.
static WORD_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:(?P<a>a)|(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?P<unit>one|two|three|four|five|six|seven|eight|nine))?|(?P<small>zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b",
    )
});

/// Currency written before the number, matched at the end of the preceding text.
static CURRENCY_PREFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?P<cur>US\$|U\.S\.\s?\$|C\$|CA\$|CAN\$|A\$|AU\$|AUD\$|NZ\$|HK\$|S\$|SG\$|R\$|MX\$|NT\$|\$|€|£|¥|₹|₽|₩|₪|₺|₴|₦|Rs\.?|USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|RUB|UAH|ILS|KRW|HKD|SGD|BRL|MXN|TRY|ZAR|SAR|AED|NGN|PKR)[ \xA0]?$",
    )
});

/// `minus ` right before a number.
static MINUS_WORD_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bminus[ \xA0]+$"));

/// Prefixes that may be joined to a year with a hyphen: `pre-2020`, `mid-1990`.
static YEAR_PREFIX_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:^|[^\p{L}])(?:pre|post|mid|late|early)[-–]$"));

/// A number with a short suffix before a hyphen: the first end of `1.5bn-2bn`, `10km-12km`.
static SUFFIXED_NUMBER_BEFORE_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[0-9]\p{L}{1,3}[-–]$"));

/// The number before a hyphen, to recognise `2019-20` seasons.
static PREVIOUS_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"([0-9]+)[-–]$"));

/// Magnitude words: `million`, `-billion`, `thousand`, `dozen`, `lakh`.
static MAGNITUDE_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:<SP>|-)(?i:(?P<w>hundred|thousand|million|billion|trillion|dozen|lakh|crore))\b")
});

/// Magnitude abbreviations glued to the number: `3bn`, `275m`, `50k`.
static MAGNITUDE_ATTACHED_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?i:(?P<w>bn|mn|mln|mil|tn|trn|m|k|b))\b"));

/// Magnitude abbreviations after a space: `€3 bn`.
static MAGNITUDE_SPACED_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[ \xA0](?i:(?P<w>bn|mn|mln|tn|trn))\b"));

static PERCENT_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:(?:<SP>|-)?%|(?:<SP>|-)?(?i:percent|per<SP>cent|pct)\b)"));

/// Currency names and codes written after the number: `275 million dollars`, `5bn EUR`.
static CURRENCY_SUFFIXES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let table: &[(&str, &str)] = &[
        ("USD", r"(?i:(?:US|U\.S\.|American)<SP>dollars?)"),
        ("CAD", r"(?i:Canadian<SP>dollars?)"),
        ("AUD", r"(?i:Australian<SP>dollars?)"),
        ("NZD", r"(?i:New<SP>Zealand<SP>dollars?)"),
        ("HKD", r"(?i:(?:Hong<SP>Kong|HK)<SP>dollars?)"),
        ("SGD", r"(?i:Singapore(?:an)?<SP>dollars?)"),
        ("TWD", r"(?i:Taiwan(?:ese)?<SP>dollars?)"),
        ("USD", r"(?i:dollars?)"),
        ("EUR", r"(?i:euros?)"),
        ("GBP", r"(?i:(?:pounds?<SP>)?sterling)"),
        ("lb", r"(?i:pounds?)"),
        ("JPY", r"(?i:(?:Japanese<SP>)?yen)"),
        ("CNY", r"(?i:(?:Chinese<SP>)?(?:yuan|renminbi))"),
        ("PKR", r"(?i:Pakistani<SP>rupees?)"),
        ("INR", r"(?i:(?:Indian<SP>)?rupees?)"),
        ("RUB", r"(?i:(?:Russian<SP>)?r(?:o|)ubles?)"),
        ("UAH", r"(?i:(?:Ukrainian<SP>)?hryvnias?)"),
        ("ILS", r"(?i:(?:Israeli<SP>)?(?:new<SP>)?shekels?)"),
        ("CHF", r"(?i:(?:Swiss<SP>)?francs?)"),
        ("TRY", r"(?i:(?:Turkish<SP>)?liras?)"),
        ("MXN", r"(?i:(?:Mexican<SP>)?pesos?)"),
        ("NGN", r"(?i:naira)"),
        ("SAR", r"(?i:(?:Saudi<SP>)?riyals?)"),
        ("AED", r"(?i:(?:UAE<SP>)?dirhams?)"),
        ("KRW", r"(?i:(?:South<SP>Korean<SP>)?won)"),
        ("ZAR", r"(?i:rand)"),
        ("BRL", r"(?i:reais)"),
        (
            "CODE",
            r"(?P<code>USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|RUB|UAH|ILS|KRW|HKD|SGD|BRL|MXN|TRY|ZAR|SAR|AED|NGN|PKR)",
        ),
    ];
    table
        .iter()
        .map(|(code, p)| (*code, regex(&format!(r"^(?:<SP>|-)(?:{p})\b"))))
        .collect()
});

/// Units written after the number, in order of preference, with their normalised names.
/// Every pattern of [`CURRENCY_SUFFIXES`], then of [`UNITS`], in one set: most numbers
/// are followed by none of them, and one pass of the set says so.
static SUFFIX_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns = CURRENCY_SUFFIXES
        .iter()
        .chain(UNITS.iter())
        .map(|(_, re)| re.as_str());
    RegexSet::new(patterns).expect("the suffix patterns compile one by one")
});

static UNITS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    // `sep`: how the unit may be joined to the number.
    let any = r"(?:<SP>|-)?";
    let spaced = r"(?:<SP>|-)";
    let table: &[(&str, &str, &str)] = &[
        (
            "percentage point",
            spaced,
            r"(?i:percentage<SP>points?)|pp|ppts?",
        ),
        ("basis point", spaced, r"(?i:basis<SP>points?)|bps"),
        ("basis point", "", r"bps"),
        (
            "km/h",
            any,
            r"(?i:km/h|kph|kmh|kilomet(?:er|re)s?<SP>(?:per|an)<SP>hour)",
        ),
        ("mph", any, r"(?i:mph|miles<SP>(?:per|an)<SP>hour)"),
        (
            "square km",
            any,
            r"(?i:square<SP>(?:kilomet(?:er|re)s?|km)|sq\.?<SP>?km|km2)|km²",
        ),
        (
            "square mile",
            any,
            r"(?i:square<SP>miles?|sq\.?<SP>?mi(?:les?)?)",
        ),
        (
            "square meter",
            spaced,
            r"(?i:square<SP>(?:met(?:er|re)s?|m)|sq\.?<SP>?m)",
        ),
        ("square meter", "", r"m2|m²"),
        (
            "square foot",
            any,
            r"(?i:square<SP>(?:feet|foot|ft)|sq\.?<SP>?ft)",
        ),
        ("km", any, r"(?i:kilomet(?:er|re)s?|kms?)"),
        ("mile", any, r"(?i:miles?|mi)"),
        ("cm", any, r"(?i:centimet(?:er|re)s?|cm)"),
        ("mm", any, r"(?i:millimet(?:er|re)s?|mm)"),
        ("m", any, r"(?i:met(?:er|re)s?)"),
        ("m", spaced, r"m"),
        ("foot", any, r"(?i:feet|foot|ft)"),
        ("inch", any, r"(?i:inch(?:es)?)"),
        ("yard", any, r"(?i:yards?|yds?)"),
        ("nautical mile", any, r"(?i:nautical<SP>miles?)"),
        ("kg", any, r"(?i:kilo(?:gram)?s?|kgs?)"),
        ("gram", any, r"(?i:grams?)"),
        ("ton", any, r"(?i:(?:metric<SP>)?(?:tons?|tonnes?))"),
        ("lb", any, r"(?i:lbs?)"),
        ("ounce", any, r"(?i:ounces?|oz)"),
        ("hectare", any, r"(?i:hectares?|ha)"),
        ("acre", any, r"(?i:acres?)"),
        ("liter", any, r"(?i:lit(?:er|re)s?)"),
        ("gallon", any, r"(?i:gallons?)"),
        ("barrel", any, r"(?i:barrels?|bbl)"),
        ("knot", any, r"(?i:knots?)"),
        ("MW", any, r"(?i:megawatts?)|MW"),
        ("GW", any, r"(?i:gigawatts?)|GW"),
        (
            "degree",
            any,
            r"(?i:degrees?(?:<SP>(?:Celsius|Fahrenheit|centigrade|C|F))?)",
        ),
        ("decade", any, r"(?i:decades?)"),
        ("century", any, r"(?i:century|centuries)"),
        ("year", any, r"(?i:years?|yrs?)"),
        ("month", any, r"(?i:months?)"),
        ("week", any, r"(?i:weeks?)"),
        ("day", any, r"(?i:days?)"),
        ("hour", any, r"(?i:hours?|hrs?)"),
        ("minute", any, r"(?i:minutes?|mins?)"),
        ("second", any, r"(?i:seconds?|secs?)"),
    ];
    let mut units: Vec<(&'static str, Regex)> = table
        .iter()
        .map(|(name, sep, p)| (*name, regex(&format!(r"^{sep}(?:{p})\b"))))
        .collect();
    // "45C"; a glued "F" is too often something else.
    units.push(("degree", regex(r"^C\b")));
    // The degree sign is not a word character, so it takes no `\b`.
    units.push(("degree", regex(r"^[ \xA0]?°(?:[CF]\b)?")));
    units
});

/// Clock times and time zones after a number: `9 a.m.`, `10pm`, `0900 GMT`.
static TIME_SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[ \xA0]?(?:(?i:a\.m\.|p\.m\.|o'clock|o’clock)|(?i:am|pm)\b|(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|IST|JST)\b)",
    )
});

/// A month name right before a day number: `Jan. 20`, `March 3`.
static MONTH_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:^|[^\p{L}])(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?[ \xA0]+$",
    )
});

/// A month name right after a day number: `20 January`.
static MONTH_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[ \xA0]+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b",
    )
});

/// Plural nouns that make a four-digit number a count rather than a year: `2000 troops`.
static COUNTED_NOUN_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^<SP>(?i:people|persons|troops|soldiers|civilians|residents|workers|employees|jobs|homes|houses|buildings|cases|deaths|children|students|migrants|refugees|protesters|demonstrators|votes|voters|members|officers|police|policemen|rockets|missiles|drones|shells|vehicles|cars|trucks|tanks|patients|prisoners|detainees|hostages|families|households|flights|passengers|sites|schools|villages|fighters|militants|casualties|victims|dead|wounded|injured|more|additional|new|other)\b",
    )
});

/// Words before a four-digit number that make it a count rather than a year: `nearly 2000`.
static APPROXIMATE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:nearly|approximately|roughly|some|almost|estimated|least|than|about|around|over|under)[ \xA0]+$",
    )
});

/// `between` right before the first number of a range.
static BETWEEN_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bbetween[ \xA0]+$"));

/// What may stand between the two ends of a range.
static RANGE_CONNECTOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:<SP>(?i:(?P<to>to|through)|(?P<and>and|or))<SP>|<SP>?[-–—]<SP>?)$")
});

/// The `max` bytes (or a little more, to stay on a character boundary) before byte `end`.
fn tail(text: &str, end: usize, max: usize) -> &str {
    let mut start = end.saturating_sub(max);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    text.get(start..end).unwrap_or_default()
}

/// The `max` bytes (or a little more, to stay on a character boundary) from byte `start`.
fn head(text: &str, start: usize, max: usize) -> &str {
    let mut end = start.saturating_add(max).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    text.get(start..end).unwrap_or_default()
}

fn char_before(text: &str, byte: usize) -> Option<char> {
    text.get(..byte).and_then(|s| s.chars().next_back())
}

fn char_after(text: &str, byte: usize) -> Option<char> {
    text.get(byte..).and_then(|s| s.chars().next())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn parse_number(digits: &str) -> Option<f64> {
    digits
        .replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Maps a currency prefix as written to its ISO code.
fn prefix_currency_code(prefix: &str) -> &'static str {
    let compact: String = prefix.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "C$" | "CA$" | "CAN$" | "CAD" => "CAD",
        "A$" | "AU$" | "AUD$" | "AUD" => "AUD",
        "NZ$" => "NZD",
        "HK$" | "HKD" => "HKD",
        "S$" | "SG$" | "SGD" => "SGD",
        "R$" | "BRL" => "BRL",
        "MX$" | "MXN" => "MXN",
        "NT$" => "TWD",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "₹" | "Rs" | "Rs." | "INR" => "INR",
        "₽" | "RUB" => "RUB",
        "₩" | "KRW" => "KRW",
        "₪" | "ILS" => "ILS",
        "₺" | "TRY" => "TRY",
        "₴" | "UAH" => "UAH",
        "₦" | "NGN" => "NGN",
        "CNY" | "RMB" => "CNY",
        "CHF" => "CHF",
        "ZAR" => "ZAR",
        "SAR" => "SAR",
        "AED" => "AED",
        "PKR" => "PKR",
        _ => "USD",
    }
}

/// A currency written right before byte `at`: its start byte and ISO code.
fn currency_prefix(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let window = tail(text, at, 16);
    let window_start = at - window.len();
    let caps = CURRENCY_PREFIX_RE.captures(window)?;
    let cur = caps.name("cur")?;
    let start = window_start + cur.start();
    let starts_with_letter = cur.as_str().chars().next().is_some_and(char::is_alphabetic);
    if starts_with_letter && char_before(text, start).is_some_and(is_word_char) {
        return None;
    }
    Some((start, prefix_currency_code(cur.as_str())))
}

fn magnitude_factor(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" | "mln" | "mil" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "dozen" => 12.0,
        "lakh" => 1e5,
        "crore" => 1e7,
        _ => return None,
    })
}

/// Magnitude words and abbreviations from byte `pos`: the end byte and the combined factor.
fn magnitude(text: &str, pos: usize, has_currency: bool) -> Option<(usize, f64)> {
    let window = head(text, pos, 48);
    let (len, factor) = if let Some(c) = MAGNITUDE_WORD_RE.captures(window) {
        let factor = magnitude_factor(c.name("w")?.as_str())?;
        (c.get(0)?.end(), factor)
    } else if let Some(c) = MAGNITUDE_ATTACHED_RE.captures(window) {
        let word = c.name("w")?.as_str();
        if word.eq_ignore_ascii_case("b") && !has_currency {
            return None;
        }
        (c.get(0)?.end(), magnitude_factor(word)?)
    } else if let Some(c) = MAGNITUDE_SPACED_RE.captures(window) {
        (c.get(0)?.end(), magnitude_factor(c.name("w")?.as_str())?)
    } else {
        return None;
    };
    let mut end = pos + len;
    let mut total = factor;
    // "two hundred thousand", "three hundred million".
    if factor < 1e6 {
        if let Some(c) = MAGNITUDE_WORD_RE.captures(head(text, end, 48)) {
            if let Some(next) = c.name("w").and_then(|w| magnitude_factor(w.as_str())) {
                if next > factor {
                    total *= next;
                    end += c.get(0).map_or(0, |m| m.end());
                }
            }
        }
    }
    Some((end, total))
}

/// Percent, currency or unit words from byte `pos`: the end byte and the kind.
fn suffix_kind(text: &str, pos: usize, has_multiplier: bool) -> Option<(usize, QuantityKind)> {
    let window = head(text, pos, 64);
    if let Some(m) = PERCENT_RE.find(window) {
        return Some((pos + m.end(), QuantityKind::Percent));
    }
    // Every currency and unit below starts with a letter or the degree sign: skip the tables
    // for the common case of a number followed by punctuation.
    let first = window
        .trim_start_matches([' ', '\t', '\u{a0}', '\r', '\n', '-'])
        .chars()
        .next();
    if !first.is_some_and(|c| c.is_alphabetic() || c == '°') {
        return None;
    }
    // One pass of the set says which of the suffixes below can match at all.
    let matched = SUFFIX_SET.matches(window);
    if !matched.matched_any() {
        return None;
    }
    for (k, (code, re)) in CURRENCY_SUFFIXES.iter().enumerate() {
        if !matched.matched(k) {
            continue;
        }
        let Some(c) = re.captures(window) else {
            continue;
        };
        let end = pos + c.get(0)?.end();
        let currency = match *code {
            "CODE" => prefix_currency_code(c.name("code")?.as_str()),
            // Bare "pounds" is money only with a magnitude ("5 million pounds").
            "lb" if !has_multiplier => {
                return Some((end, QuantityKind::Unit { unit: "lb".into() }));
            }
            "lb" => "GBP",
            // Words that are also ordinary words need a magnitude: "100 billion won".
            "KRW" | "ZAR" if !has_multiplier => continue,
            other => other,
        };
        return Some((
            end,
            QuantityKind::Money {
                currency: currency.to_string(),
            },
        ));
    }
    for (k, (unit, re)) in UNITS.iter().enumerate() {
        if !matched.matched(CURRENCY_SUFFIXES.len() + k) {
            continue;
        }
        if let Some(m) = re.find(window) {
            return Some((
                pos + m.end(),
                QuantityKind::Unit {
                    unit: (*unit).to_string(),
                },
            ));
        }
    }
    None
}

/// Decides whether the digits at `s..e` are a quantity, and extends them to the whole mention.
fn digit_mention(text: &str, s: usize, e: usize, excluded: &[(usize, usize)]) -> Option<Raw> {
    let token = text.get(s..e)?;
    // Inside a date, time, phone number, fraction or version number.
    let i = excluded.partition_point(|&(_, end)| end <= s);
    if excluded.get(i).is_some_and(|&(start, _)| start < e) {
        return None;
    }
    if char_after(text, e).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // "000", "07": not how quantities are written.
    if token.len() > 1 && token.starts_with('0') && !token.starts_with("0.") {
        return None;
    }
    let mut value = parse_number(token)?;
    let plain_year_digits = token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit());

    let mut start = s;
    let mut currency = None;
    if let Some((prefix_start, code)) = currency_prefix(text, s) {
        start = prefix_start;
        currency = Some(code);
    }

    let mut negative = false;
    match char_before(text, start) {
        None => {}
        Some(c @ ('-' | '−' | '–' | '—')) => {
            let before_sign = start - c.len_utf8();
            match char_before(text, before_sign) {
                Some(p) if p.is_ascii_digit() => {
                    // Second end of a range "3-5"; "2019-20" is a season, not a number.
                    let prev = PREVIOUS_NUMBER_RE
                        .captures(tail(text, start, 24))
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str());
                    let season = prev.is_some_and(|p| {
                        p.len() == 4 && (1800..=2100).contains(&p.parse::<u32>().unwrap_or(0))
                    }) && token.len() == 2;
                    if season && currency.is_none() {
                        return None;
                    }
                }
                Some(p) if is_word_char(p) => {
                    // "F-16", "COVID-19"; but "pre-2020", "£1.5bn-£2bn", "10km-12km".
                    let before = tail(text, start, 24);
                    if currency.is_none()
                        && !YEAR_PREFIX_RE.is_match(before)
                        && !SUFFIXED_NUMBER_BEFORE_RE.is_match(before)
                    {
                        return None;
                    }
                }
                // A sign after a space or an opening bracket: "-3", "(-3)". After other
                // punctuation it joins a range: "5%-7%".
                p if matches!(c, '-' | '−')
                    && p.is_none_or(|p| p.is_whitespace() || "([{\"'“‘:=~/".contains(p)) =>
                {
                    negative = true;
                    start = before_sign;
                }
                _ => {}
            }
        }
        Some(c) if is_word_char(c) => return None,
        Some('.' | ',') if char_before(text, start - 1).is_some_and(|p| p.is_ascii_digit()) => {
            return None;
        }
        Some('#' | '@' | '№') => return None,
        Some('\'' | '’' | '‘') if token.len() == 2 && currency.is_none() => return None,
        Some(_) => {}
    }
    if !negative {
        let before = tail(text, start, 24);
        if let Some(m) = MINUS_WORD_RE.find(before) {
            negative = true;
            start -= before.len() - m.start();
        }
    }

    let mut end = e;
    let mut multiplier = None;
    if let Some((mag_end, factor)) = magnitude(text, end, currency.is_some()) {
        value *= factor;
        multiplier = Some(factor);
        end = mag_end;
    }
    let prefixed = currency.is_some();
    let mut suffixed = false;
    let kind = if let Some(code) = currency {
        QuantityKind::Money {
            currency: code.to_string(),
        }
    } else if let Some((suffix_end, kind)) = suffix_kind(text, end, multiplier.is_some()) {
        end = suffix_end;
        suffixed = true;
        kind
    } else {
        if multiplier.is_none() {
            if TIME_SUFFIX_RE.is_match(head(text, end, 16)) {
                return None;
            }
            let day_like = token.len() <= 2 && (1.0..=31.0).contains(&value) && !negative;
            if day_like
                && (MONTH_BEFORE_RE.is_match(tail(text, start, 24))
                    || MONTH_AFTER_RE.is_match(head(text, end, 24)))
            {
                return None;
            }
        }
        let year = plain_year_digits
            && !negative
            && multiplier.is_none()
            && (1800.0..=2100.0).contains(&value)
            && !COUNTED_NOUN_RE.is_match(head(text, end, 48))
            && !APPROXIMATE_BEFORE_RE.is_match(tail(text, start, 24));
        if year {
            QuantityKind::Year
        } else {
            QuantityKind::Count
        }
    };
    // Glued to letters: "3rd", "5G", "1990s", "4x4".
    if char_after(text, end).is_some_and(is_word_char) {
        return None;
    }
    if negative {
        value = -value;
    }
    Some(Raw {
        start,
        end,
        value,
        kind,
        multiplier,
        prefixed,
        suffixed,
    })
}

fn small_number_value(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// Decides whether a number word is a quantity, and extends it to the whole mention.
fn word_mention(text: &str, caps: &regex::Captures<'_>) -> Option<Raw> {
    let whole = caps.get(0)?;
    let (start, word_end) = (whole.start(), whole.end());
    let is_article = caps.name("a").is_some();
    let mut value = if is_article {
        1.0
    } else if let Some(tens) = caps.name("tens") {
        small_number_value(tens.as_str())?
            + caps
                .name("unit")
                .and_then(|u| small_number_value(u.as_str()))
                .unwrap_or(0.0)
    } else {
        small_number_value(caps.name("small")?.as_str())?
    };
    // "fifty-fifty", "Su-thirty": joined to a word before.
    if let Some(c @ ('-' | '–')) = char_before(text, start) {
        if char_before(text, start - c.len_utf8()).is_some_and(is_word_char) {
            return None;
        }
    }
    let mut end = word_end;
    let mut multiplier = None;
    if let Some((mag_end, factor)) = magnitude(text, end, false) {
        // Only whole magnitude words after a spelled number: "two million", not "two m".
        let joined = text.get(end..mag_end).unwrap_or_default();
        if joined
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || c == '-')
        {
            value *= factor;
            multiplier = Some(factor);
            end = mag_end;
        }
    }
    if is_article && multiplier.is_none() {
        return None;
    }
    let mut suffixed = false;
    let kind = if let Some((suffix_end, kind)) = suffix_kind(text, end, multiplier.is_some()) {
        end = suffix_end;
        suffixed = true;
        kind
    } else {
        QuantityKind::Count
    };
    // Bare "one" and "zero" are mostly not quantities ("one of the", "no one").
    if !is_article && multiplier.is_none() && !suffixed && value < 2.0 {
        return None;
    }
    // "two-thirds", "twenty-first", "one-off".
    match char_after(text, end) {
        Some(c) if is_word_char(c) => return None,
        Some('-') if char_after(text, end + 1).is_some_and(char::is_alphabetic) => return None,
        _ => {}
    }
    Some(Raw {
        start,
        end,
        value,
        kind,
        multiplier,
        prefixed: false,
        suffixed,
    })
}

/// In ranges like `"3 to 5 million"` or `"$3-5bn"`, lets each end borrow the other's magnitude,
/// currency, percent sign or unit.
fn propagate_ranges(text: &str, raws: &mut [Raw]) {
    for i in 1..raws.len() {
        let (left, right) = raws.split_at_mut(i);
        let (Some(a), Some(b)) = (left.last_mut(), right.first_mut()) else {
            continue;
        };
        let Some(caps) = text
            .get(a.end..b.start)
            .and_then(|between| RANGE_CONNECTOR_RE.captures(between))
        else {
            continue;
        };
        if caps.name("and").is_some() && !BETWEEN_RE.is_match(tail(text, a.start, 24)) {
            continue;
        }
        // Suffixes ("million", "percent", "tons") are written once, on the second end; a currency
        // sign may be written on the first end only.
        if a.suffixed || a.kind == QuantityKind::Year || b.kind == QuantityKind::Year {
            continue;
        }
        if a.multiplier.is_none() {
            if let Some(factor) = b.multiplier {
                a.value *= factor;
                a.multiplier = Some(factor);
            }
        }
        if b.suffixed && a.kind == QuantityKind::Count {
            a.kind = b.kind.clone();
        } else if a.prefixed && b.kind == QuantityKind::Count {
            b.kind = a.kind.clone();
        }
    }
}

/// Rounds to three significant digits: `(mantissa, exponent)` with `100 <= |mantissa| <= 999`,
/// or `(0, 0)` for zero and non-finite values.
fn round_3_significant(value: f64) -> (i64, i32) {
    if value == 0.0 || !value.is_finite() {
        return (0, 0);
    }
    let mut exponent = value.abs().log10().floor() as i32 - 2;
    let mut mantissa = (value / 10f64.powi(exponent)).round();
    if mantissa.abs() >= 1000.0 {
        exponent += 1;
        mantissa = (value / 10f64.powi(exponent)).round();
    } else if mantissa.abs() < 100.0 {
        exponent -= 1;
        mantissa = (value / 10f64.powi(exponent)).round();
    }
    (mantissa as i64, exponent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn money(code: &str) -> QuantityKind {
        QuantityKind::Money {
            currency: code.to_string(),
        }
    }

    fn unit(name: &str) -> QuantityKind {
        QuantityKind::Unit {
            unit: name.to_string(),
        }
    }

    /// A test input and every expected quantity as (mention text, value, kind).
    type Case = (&'static str, Vec<(&'static str, f64, QuantityKind)>);

    #[test]
    fn finds_quantities() {
        use QuantityKind::{Count, Percent, Year};
        let cases: Vec<Case> = vec![
            // Money.
            ("$275 million", vec![("$275 million", 275e6, money("USD"))]),
            ("$275M", vec![("$275M", 275e6, money("USD"))]),
            ("$275m in aid", vec![("$275m", 275e6, money("USD"))]),
            (
                "275 million dollars",
                vec![("275 million dollars", 275e6, money("USD"))],
            ),
            ("US$275m", vec![("US$275m", 275e6, money("USD"))]),
            ("$275,000,000", vec![("$275,000,000", 275e6, money("USD"))]),
            (
                "a $4.6 billion deal",
                vec![("$4.6 billion", 4.6e9, money("USD"))],
            ),
            ("€3bn", vec![("€3bn", 3e9, money("EUR"))]),
            ("€3 bn", vec![("€3 bn", 3e9, money("EUR"))]),
            (
                "£12.5 million",
                vec![("£12.5 million", 12.5e6, money("GBP"))],
            ),
            ("C$40 million", vec![("C$40 million", 40e6, money("CAD"))]),
            ("A$1.2bn", vec![("A$1.2bn", 1.2e9, money("AUD"))]),
            ("HK$5", vec![("HK$5", 5.0, money("HKD"))]),
            ("¥300 billion", vec![("¥300 billion", 300e9, money("JPY"))]),
            ("₹500 crore", vec![("₹500 crore", 5e9, money("INR"))]),
            ("Rs 500", vec![("Rs 500", 500.0, money("INR"))]),
            ("$4.6B", vec![("$4.6B", 4.6e9, money("USD"))]),
            ("$50k", vec![("$50k", 50e3, money("USD"))]),
            ("10 euros", vec![("10 euros", 10.0, money("EUR"))]),
            (
                "5 million pounds",
                vec![("5 million pounds", 5e6, money("GBP"))],
            ),
            (
                "100 billion won",
                vec![("100 billion won", 100e9, money("KRW"))],
            ),
            (
                "2 billion yuan",
                vec![("2 billion yuan", 2e9, money("CNY"))],
            ),
            ("EUR 5 million", vec![("EUR 5 million", 5e6, money("EUR"))]),
            (
                "two million dollars",
                vec![("two million dollars", 2e6, money("USD"))],
            ),
            // Percentages.
            ("12 percent", vec![("12 percent", 12.0, Percent)]),
            ("12%", vec![("12%", 12.0, Percent)]),
            ("12 per cent", vec![("12 per cent", 12.0, Percent)]),
            ("a 5-percent rise", vec![("5-percent", 5.0, Percent)]),
            (
                "3.5 percentage points",
                vec![("3.5 percentage points", 3.5, unit("percentage point"))],
            ),
            (
                "25 basis points",
                vec![("25 basis points", 25.0, unit("basis point"))],
            ),
            // Counts.
            ("1,200 people", vec![("1,200", 1200.0, Count)]),
            ("1.200", vec![("1.200", 1.2, Count)]),
            ("1.5 million", vec![("1.5 million", 1.5e6, Count)]),
            ("1.5m", vec![("1.5m", 1.5e6, Count)]),
            ("two", vec![("two", 2.0, Count)]),
            ("Twenty soldiers", vec![("Twenty", 20.0, Count)]),
            ("twenty-five", vec![("twenty-five", 25.0, Count)]),
            ("a dozen", vec![("a dozen", 12.0, Count)]),
            ("two dozen", vec![("two dozen", 24.0, Count)]),
            (
                "three hundred thousand",
                vec![("three hundred thousand", 3e5, Count)],
            ),
            ("a million", vec![("a million", 1e6, Count)]),
            ("12,34,567", vec![("12,34,567", 1234567.0, Count)]),
            ("-3", vec![("-3", -3.0, Count)]),
            ("fell to −3.5", vec![("−3.5", -3.5, Count)]),
            ("minus 40", vec![("minus 40", -40.0, Count)]),
            ("2000 troops", vec![("2000", 2000.0, Count)]),
            ("nearly 2000", vec![("2000", 2000.0, Count)]),
            ("Article 5", vec![("5", 5.0, Count)]),
            ("a 10-member team", vec![("10", 10.0, Count)]),
            // Units.
            (
                "155 millimeter",
                vec![("155 millimeter", 155.0, unit("mm"))],
            ),
            ("155mm shells", vec![("155mm", 155.0, unit("mm"))]),
            ("105 mm", vec![("105 mm", 105.0, unit("mm"))]),
            (
                "155-millimeter",
                vec![("155-millimeter", 155.0, unit("mm"))],
            ),
            (
                "50,000 square miles",
                vec![("50,000 square miles", 50e3, unit("square mile"))],
            ),
            ("300 sq km", vec![("300 sq km", 300.0, unit("square km"))]),
            ("40 kilometres", vec![("40 kilometres", 40.0, unit("km"))]),
            ("5km", vec![("5km", 5.0, unit("km"))]),
            ("10 miles", vec![("10 miles", 10.0, unit("mile"))]),
            ("30 kg", vec![("30 kg", 30.0, unit("kg"))]),
            ("2 million tons", vec![("2 million tons", 2e6, unit("ton"))]),
            (
                "a 2,000-pound bomb",
                vec![("2,000-pound", 2000.0, unit("lb"))],
            ),
            (
                "40 degrees Celsius",
                vec![("40 degrees Celsius", 40.0, unit("degree"))],
            ),
            ("40°C", vec![("40°C", 40.0, unit("degree"))]),
            ("hit 45C", vec![("45C", 45.0, unit("degree"))]),
            ("five years", vec![("five years", 5.0, unit("year"))]),
            ("a 5-year-old", vec![("5-year", 5.0, unit("year"))]),
            ("a two-day visit", vec![("two-day", 2.0, unit("day"))]),
            ("10 days", vec![("10 days", 10.0, unit("day"))]),
            ("48 hours", vec![("48 hours", 48.0, unit("hour"))]),
            ("100 km/h", vec![("100 km/h", 100.0, unit("km/h"))]),
            ("1.5 m", vec![("1.5 m", 1.5, unit("m"))]),
            // Years.
            ("in 2022", vec![("2022", 2022.0, Year)]),
            ("since 1948.", vec![("1948", 1948.0, Year)]),
            ("pre-2020 levels", vec![("2020", 2020.0, Year)]),
            ("in 2500", vec![("2500", 2500.0, Count)]),
            ("Jan. 20, 2025", vec![("2025", 2025.0, Year)]),
            ("on March 3", vec![]),
            ("20 January 2025", vec![("2025", 2025.0, Year)]),
            ("the 2019-20 season", vec![("2019", 2019.0, Year)]),
            // Ranges.
            ("3 to 5", vec![("3", 3.0, Count), ("5", 5.0, Count)]),
            (
                "3 to 5 million",
                vec![("3", 3e6, Count), ("5 million", 5e6, Count)],
            ),
            (
                "$3-5 billion",
                vec![("$3", 3e9, money("USD")), ("5 billion", 5e9, money("USD"))],
            ),
            (
                "between 2 and 3 percent",
                vec![("2", 2.0, Percent), ("3 percent", 3.0, Percent)],
            ),
            ("18-25", vec![("18", 18.0, Count), ("25", 25.0, Count)]),
            (
                "30-40%",
                vec![("30", 30.0, Percent), ("40%", 40.0, Percent)],
            ),
            ("5%-7%", vec![("5%", 5.0, Percent), ("7%", 7.0, Percent)]),
            (
                "£1.5bn-£2bn",
                vec![("£1.5bn", 1.5e9, money("GBP")), ("£2bn", 2e9, money("GBP"))],
            ),
            ("(-3)", vec![("-3", -3.0, Count)]),
            ("fell -0.5%", vec![("-0.5%", -0.5, Percent)]),
            (
                "from 2019 to 2021",
                vec![("2019", 2019.0, Year), ("2021", 2021.0, Year)],
            ),
            (
                "3 and 5 percent",
                vec![("3", 3.0, Count), ("5 percent", 5.0, Percent)],
            ),
            // Not quantities.
            ("FGM-148 Javelin", vec![]),
            ("COVID-19", vec![]),
            ("F-16 jets", vec![]),
            ("A320", vec![]),
            ("G7 leaders", vec![]),
            ("5G", vec![]),
            ("the 3rd time", vec![]),
            ("the first time", vec![]),
            ("the 1990s", vec![]),
            ("the '90s", vec![]),
            ("at 9:30", vec![]),
            ("at 9 a.m.", vec![]),
            ("at 10pm", vec![]),
            ("1200 GMT", vec![]),
            ("9/11", vec![]),
            ("24/7", vec![]),
            ("2025-01-20", vec![]),
            ("version 1.2.3", vec![]),
            ("555-123-4567", vec![]),
            ("hundreds of people", vec![]),
            ("thousands fled", vec![]),
            ("dozens", vec![]),
            ("one of the", vec![]),
            ("no one", vec![]),
            ("two-thirds", vec![]),
            ("twenty-first", vec![]),
            ("someone", vec![]),
            ("a man", vec![]),
            ("#1", vec![]),
            ("007", vec![]),
            ("T-72 tanks", vec![]),
            ("the 1,000th day", vec![]),
            ("1990-91", vec![("1990", 1990.0, Year)]),
            ("4x4", vec![]),
            ("", vec![]),
        ];
        for (input, expected) in cases {
            let found = quantities(input);
            let got: Vec<(&str, f64, QuantityKind)> = found
                .iter()
                .map(|q| (q.text.as_str(), q.value, q.kind.clone()))
                .collect();
            assert_eq!(got.len(), expected.len(), "{input:?}: got {got:?}");
            for ((gt, gv, gk), (et, ev, ek)) in got.iter().zip(expected.iter()) {
                assert_eq!(gt, et, "{input:?}");
                assert!(
                    (gv - ev).abs() <= 1e-9 * ev.abs().max(1.0),
                    "{input:?}: value {gv} != {ev}"
                );
                assert_eq!(gk, ek, "{input:?}");
            }
        }
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Zürich — «über» €3bn and 12 % in 2022";
        let found = quantities(text);
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|q| (q.start, q.end, q.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![(16, 20, "€3bn"), (25, 29, "12 %"), (33, 37, "2022")]
        );
        for q in &found {
            let slice: String = chars[q.start..q.end].iter().collect();
            assert_eq!(slice, q.text);
        }
    }

    #[test]
    fn keys_match_across_spellings() {
        let spellings = [
            "$275 million",
            "$275M",
            "275 million dollars",
            "US$275m",
            "$275,000,000",
            "$275.0 million",
            "275 million US dollars",
        ];
        let keys: Vec<QuantityKey> = spellings
            .iter()
            .map(|s| {
                let found = quantities(s);
                assert_eq!(found.len(), 1, "{s}");
                found[0].key()
            })
            .collect();
        for (key, s) in keys.iter().zip(spellings) {
            assert_eq!(key, &keys[0], "{s}");
        }
        assert_eq!(keys[0].kind(), &money("USD"));
        assert_eq!(keys[0].rounded_value(), 275e6);
    }

    #[test]
    fn keys_round_to_three_significant_digits() {
        let cases: &[(f64, f64, bool)] = &[
            (1_234_567.0, 1_230_000.0, true),
            (1_234_567.0, 1_240_000.0, false),
            (1200.0, 1200.0, true),
            (1200.0, 1500.0, false),
            (999.6, 1000.0, true),
            (0.1234, 0.123, true),
            (-3.0, -3.0, true),
            (-3.0, 3.0, false),
            (0.0, 0.0, true),
            (100.0, 100.4, true),
        ];
        for &(a, b, equal) in cases {
            let qa = Quantity {
                start: 0,
                end: 0,
                value: a,
                kind: QuantityKind::Count,
                text: String::new(),
            };
            let qb = Quantity {
                value: b,
                ..qa.clone()
            };
            assert_eq!(qa.key() == qb.key(), equal, "{a} vs {b}");
            assert_eq!(same_magnitude(&qa, &qb), equal, "{a} vs {b}");
        }
        assert_eq!(round_3_significant(275e6), (275, 6));
        assert_eq!(round_3_significant(4.6e9), (460, 7));
        assert_eq!(round_3_significant(1.0), (100, -2));
    }

    #[test]
    fn conflicts() {
        let first = |s: &str| quantities(s).into_iter().next().unwrap();
        // (a, b, same_magnitude, conflicting)
        let cases = [
            ("1,200 evacuated", "1,500 evacuated", false, true),
            ("1,200 evacuated", "1,200 evacuated", true, false),
            ("$275 million", "$275M", true, false),
            ("$275 million", "$300 million", false, true),
            ("$275 million", "€275 million", false, false),
            ("12%", "12 percent", true, false),
            ("12%", "15 per cent", false, true),
            ("in 2022", "in 2023", false, false),
            ("in 2022", "since 2022", true, false),
            ("1,000 people", "1,004 people", true, false),
            ("1,000 people", "1,006 people", false, true),
            ("5 km", "5 miles", false, false),
        ];
        for (a, b, same, conflict) in cases {
            let (qa, qb) = (first(a), first(b));
            assert_eq!(same_magnitude(&qa, &qb), same, "{a} vs {b}");
            assert_eq!(conflicting(&qa, &qb), conflict, "{a} vs {b}");
            assert_eq!(conflicting(&qb, &qa), conflict, "{b} vs {a}");
        }
    }

    #[test]
    fn sentence_with_many_quantities() {
        let text = "On Jan. 20, 2025, officials said 1,200 people were evacuated from a \
                    50,000 square mile area, and the $4.6 billion package, up 12% from 2024, \
                    includes 155mm shells for F-16 and FGM-148 units.";
        let got: Vec<(String, QuantityKind)> = quantities(text)
            .into_iter()
            .map(|q| (q.text, q.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2025".to_string(), QuantityKind::Year),
                ("1,200".to_string(), QuantityKind::Count),
                ("50,000 square mile".to_string(), unit("square mile")),
                ("$4.6 billion".to_string(), money("USD")),
                ("12%".to_string(), QuantityKind::Percent),
                ("2024".to_string(), QuantityKind::Year),
                ("155mm".to_string(), unit("mm")),
            ]
        );
    }

    fn check_invariants(text: &str) {
        let char_count = text.chars().count();
        let found = quantities(text);
        let mut last_end = 0;
        for q in &found {
            assert!(q.start <= q.end && q.end <= char_count, "{q:?} in {text:?}");
            assert!(q.start >= last_end, "overlap {q:?} in {text:?}");
            last_end = q.end;
            let slice: String = text.chars().skip(q.start).take(q.end - q.start).collect();
            assert_eq!(slice, q.text);
            assert!(q.value.is_finite());
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in ".{0,200}") {
            check_invariants(&text);
        }

        #[test]
        fn never_panics_on_number_like_text(
            text in "[0-9a-zA-Z $€£¥₹%.,:;/'’\\-–−°\n]{0,120}"
        ) {
            check_invariants(&text);
        }

        #[test]
        fn never_panics_on_number_words(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("$"), Just("US$"), Just("€"), Just("1,200"), Just("3.5"), Just("2022"),
                    Just("million"), Just("bn"), Just("m"), Just(" "), Just("-"), Just("to"),
                    Just("two"), Just("a"), Just("dozen"), Just("percent"), Just("%"),
                    Just("square"), Just("miles"), Just("Jan."), Just("F-16"), Just("ü"),
                    Just("\n"), Just("pounds"), Just("between"), Just("and"), Just("°"),
                ],
                0..30,
            )
        ) {
            check_invariants(&words.concat());
        }
    }
}
