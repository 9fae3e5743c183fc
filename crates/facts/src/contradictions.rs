//! Contradictions and updates. Two sentences of independent sources disagree only
//! when they give different values for the same quantity of the same thing at the same
//! time: the same measure, subject and place, the same kind (reported, not forecast or
//! earlier), and the same time (the same named day, or the same day of reporting), with
//! values that no bound or rounding reconciles (see [`crate::figures`]). The same
//! quantity reported with different values on different days is an update: how the
//! story developed, not a disagreement. Also: who says what, and the facts that state a
//! disputed figure.
//!
//! An undated value is never guessed into a day: it makes no update, and it proves no
//! same-day contradiction. Two values with no day in common are compared only when the
//! quantity does not grow as reports come in (a vote, the size of a bill); running
//! counts (deaths, cases, arrests) need a day in common.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use parallax_model::{Contradiction, ContradictionClaim, Fact, Update, UpdateValue};
use parallax_text::dates::{dates, parse_published};
use parallax_text::numbers::{conflicting, quantities, QuantityKey};

use crate::candidates::proposed;
use crate::figures::{about, compatible, readings, same_quantity, Bound, Reading, Role};
use crate::units::{stem, Unit};
use crate::{FactOptions, StoryArticle};

/// Least similarity of two sentences whose figures are compared.
pub(crate) const FRAME_SIMILARITY: f64 = 0.1;

/// Both units name days, and no day in common.
pub(crate) fn dates_conflict(a: &Unit, b: &Unit) -> bool {
    !a.dates.is_empty() && !b.dates.is_empty() && a.dates.iter().all(|d| !b.dates.contains(d))
}

/// Indexes (into `a.quantities` and `b.quantities`) of a figure of `a` and one of `b`
/// that differ, where neither appears in the other unit.
pub(crate) fn conflicting_pair(a: &Unit, b: &Unit) -> Option<(usize, usize)> {
    if a.quantities.is_empty() || b.quantities.is_empty() {
        return None;
    }
    let only_in = |u: &Unit, other: &Unit| -> Vec<usize> {
        (0..u.quantities.len())
            .filter(|&k| !other.figure_keys.contains(&u.figure_keys[k]))
            .collect()
    };
    let (only_a, only_b) = (only_in(a, b), only_in(b, a));
    only_a.iter().find_map(|&ka| {
        only_b
            .iter()
            .find(|&&kb| conflicting(&a.quantities[ka], &b.quantities[kb]))
            .map(|&kb| (ka, kb))
    })
}

/// The day an article reports from: its publication day. None when it has no date, an
/// unreadable one, or one in the future (a date that has not come yet is an error, not
/// a day of reporting): such an article is never placed on a day.
pub fn reporting_day(published: Option<&str>, today: NaiveDate) -> Option<NaiveDate> {
    published
        .and_then(parse_published)
        .filter(|day| *day <= today.succ_opt().unwrap_or(today))
}

/// Today (UTC), from the system clock.
pub fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// "15 October".
fn day_name(day: NaiveDate) -> String {
    day.format("%-d %B").to_string()
}

/// When two claims were made, as far as the text and the articles' dates tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Both claims name this day ("on Thursday", "Oct. 15").
    NamedDay(NaiveDate),
    /// Both articles report from this day.
    SameDay(NaiveDate),
    /// The articles report from two different days (earlier first as given).
    Days(NaiveDate, NaiveDate),
    /// At least one claim has no day: neither an update nor a same-day contradiction.
    Unknown,
}

fn when(a: &Unit, b: &Unit, day_a: Option<NaiveDate>, day_b: Option<NaiveDate>) -> When {
    if let Some(day) = a.dates.iter().find(|d| b.dates.contains(d)) {
        return When::NamedDay(*day);
    }
    match (day_a, day_b) {
        (Some(x), Some(y)) if x == y => When::SameDay(x),
        (Some(x), Some(y)) => When::Days(x, y),
        // An undated claim is never guessed into a day.
        _ => When::Unknown,
    }
}

/// One side of a contradiction or update: a figure of a unit.
#[derive(Debug, Clone, Copy)]
struct Side {
    unit: usize,
    figure: usize,
    /// The day the figure reports (see [`figure_time`]), if known.
    day: Option<NaiveDate>,
}

/// What a pair of claims adds up to.
enum Verdict {
    /// Different values of the same quantity at the same time.
    Contradiction {
        /// What is disputed, without the time.
        measure: String,
        /// " as of 15 October", " on 15 October", or nothing.
        time: String,
    },
    /// The same quantity reported with different values on different days.
    Update { measure: String },
}

/// Contradictions and updates of a story.
pub(crate) struct Findings {
    /// Different values for the same quantity at the same time.
    pub contradictions: Vec<Contradiction>,
    /// The same quantity with different values on different days.
    pub updates: Vec<Update>,
}

/// Names both figures are scoped to, as the first unit writes them.
fn shared_names(ra: &Reading, rb: &Reading, unit: &Unit) -> Vec<String> {
    let common: BTreeSet<&String> = ra.scope.intersection(&rb.scope).collect();
    parallax_text::words::words(&unit.text)
        .iter()
        .filter(|w| common.contains(&w.text.to_lowercase()))
        .map(|w| w.text.to_string())
        .fold(Vec::new(), |mut out, w| {
            if !out.contains(&w) {
                out.push(w);
            }
            out
        })
}

/// Two values of a quantity that changed: they admit no common value, or they are
/// bounds of one direction that moved ("at least 28" → "at least 230").
fn changed(a: &Reading, ua: &Unit, qa: usize, b: &Reading, ub: &Unit, qb: usize) -> bool {
    let moved = a.bound == b.bound
        && matches!(
            a.bound,
            Bound::AtLeast | Bound::AtMost | Bound::About | Bound::Nearly
        )
        && ua.figure_keys[qa] != ub.figure_keys[qb];
    !compatible(a, b) || moved
}

/// Contradictions and updates from pairs of similar units of independent sources.
pub(crate) fn findings(
    units: &[Unit],
    story: &[StoryArticle<'_>],
    near: &[Vec<(usize, f64)>],
    options: &FactOptions,
) -> Findings {
    let today = today();
    let days: Vec<Option<NaiveDate>> = story
        .iter()
        .map(|s| reporting_day(s.article.published.as_deref(), today))
        .collect();
    // Figures are read in context only for the units a pair needs (reading costs more
    // than anything else here).
    let reads = Readings::new(units);
    let mut contradictions: Vec<Disputed> = Vec::new();
    let mut updates: Vec<(String, Side, Side)> = Vec::new();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, candidates) in near.iter().enumerate() {
        for &(j, similarity) in candidates.iter().filter(|(j, _)| *j > i) {
            let (a, b) = (&units[i], &units[j]);
            if story[a.article].group == story[b.article].group || similarity < FRAME_SIMILARITY {
                continue;
            }
            let time = when(a, b, days[a.article], days[b.article]);
            let (day_a, day_b) = (days[a.article], days[b.article]);
            let verdict = if values_differ(a, b) {
                figure_verdict(
                    (a, reads.of(i)),
                    (b, reads.of(j)),
                    (time, day_a, day_b),
                    similarity,
                    options,
                )
            } else {
                None
            };
            if let Some((verdict, ka, kb)) = verdict {
                let (sa, sb) = (
                    Side {
                        unit: i,
                        figure: ka,
                        day: reads.of(i)[ka].day.or(day_a),
                    },
                    Side {
                        unit: j,
                        figure: kb,
                        day: reads.of(j)[kb].day.or(day_b),
                    },
                );
                if !seen.insert((sentence_of(units, i), sentence_of(units, j))) {
                    continue;
                }
                match verdict {
                    Verdict::Contradiction { measure, time } => {
                        contradictions.push(Disputed {
                            measure,
                            time,
                            a: sa,
                            b: sb,
                        });
                    }
                    Verdict::Update { measure } => updates.push((measure, sa, sb)),
                }
            } else if let Some(about) = date_verdict(
                (a, i),
                (b, j),
                (days[a.article], days[b.article]),
                (similarity, options),
                &reads,
            ) {
                if seen.insert((sentence_of(units, i), sentence_of(units, j))) {
                    contradictions.push(Disputed {
                        measure: about,
                        time: String::new(),
                        a: Side {
                            unit: i,
                            figure: usize::MAX,
                            day: days[a.article],
                        },
                        b: Side {
                            unit: j,
                            figure: usize::MAX,
                            day: days[b.article],
                        },
                    });
                }
            }
        }
    }
    let contradictions = group_contradictions(units, &reads, story, &contradictions);
    let disputed: BTreeSet<&str> = contradictions.iter().map(|c| c.about.as_str()).collect();
    let updates = group_updates(units, &reads, story, &updates, &disputed);
    Findings {
        contradictions,
        updates,
    }
}

/// The figures of a story's units read in context, each unit read at most once and
/// only when needed.
pub(crate) struct Readings<'a> {
    units: &'a [Unit],
    cells: Vec<std::cell::OnceCell<Vec<Reading>>>,
    days: Vec<std::cell::OnceCell<Vec<(usize, NaiveDate)>>>,
    events: Vec<std::cell::OnceCell<(BTreeSet<String>, String)>>,
}

impl<'a> Readings<'a> {
    fn new(units: &'a [Unit]) -> Readings<'a> {
        Readings {
            units,
            cells: (0..units.len())
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            days: (0..units.len())
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            events: (0..units.len())
                .map(|_| std::cell::OnceCell::new())
                .collect(),
        }
    }

    /// The days unit `i` names (see [`named_days`]), read once.
    fn named_days(&self, i: usize, published: Option<NaiveDate>) -> &[(usize, NaiveDate)] {
        self.days[i].get_or_init(|| named_days(&self.units[i], published))
    }

    /// The event unit `i` dates at its first named day `start` (see [`dated_event`]),
    /// read once: a unit is compared with many others.
    fn dated_event(&self, i: usize, start: usize) -> &(BTreeSet<String>, String) {
        self.events[i].get_or_init(|| dated_event(&self.units[i], start))
    }

    /// The readings of unit `i`'s figures, in the order of its quantities.
    fn of(&self, i: usize) -> &[Reading] {
        self.cells[i].get_or_init(|| readings(&self.units[i]))
    }
}

/// Some figure of `a` and some figure of `b` are of one kind and differ: the only pairs
/// that can make a contradiction or an update.
fn values_differ(a: &Unit, b: &Unit) -> bool {
    a.quantities.iter().enumerate().any(|(ka, qa)| {
        !b.figure_keys.contains(&a.figure_keys[ka])
            && b.quantities
                .iter()
                .enumerate()
                .any(|(kb, qb)| !a.figure_keys.contains(&b.figure_keys[kb]) && conflicting(qa, qb))
    })
}

/// The whole sentence a unit belongs to (a clause unit follows its sentence's unit).
fn sentence_of(units: &[Unit], i: usize) -> usize {
    (0..=i).rev().find(|&k| units[k].whole).unwrap_or(i)
}

/// The period both figures name, in words (" on Thursday", " in March", " in 2019",
/// " last week"), if they name one in common.
fn shared_period(x: &Reading, y: &Reading) -> Option<String> {
    let period = x.periods.intersection(&y.periods).next()?;
    let text = if let Some(month) = period.strip_prefix("month ") {
        let month = chrono::Month::try_from(month.parse::<u8>().ok()?).ok()?;
        format!(" in {}", month.name())
    } else if period.chars().all(|c| c.is_ascii_digit()) {
        format!(" in {period}")
    } else if period.contains(' ') {
        format!(" {period}")
    } else {
        let mut chars = period.chars();
        let first: String = chars.next()?.to_uppercase().collect();
        format!(" on {first}{}", chars.as_str())
    };
    Some(text)
}

/// Both figures name the same day ("on Friday", "Thursday's"): a count of one named
/// day is fixed by the day, so two of them are comparable even for a quantity that
/// grows as reports come in (the cases reported on Friday, not the cases so far). Days
/// resolved against publication dates decide when both are known; else the same
/// weekday named in both.
fn fixed(x: &Reading, y: &Reading) -> bool {
    match (x.day, y.day) {
        (Some(dx), Some(dy)) => dx == dy,
        _ => x
            .periods
            .intersection(&y.periods)
            .any(|p| crate::figures::is_weekday(p)),
    }
}

/// When two figures of a running count were reported: the day each one's own words
/// name ("as of Thursday", "yesterday", resolved against its article's publication
/// date), else its article's day of reporting. Two figures of one day are compared; of
/// two days, they are an update. A fixed quantity (a bill's size, a vote) does not move
/// with the day its report names, and when neither figure names a day or a day is
/// unknown for one of them, the time of their sentences decides (`sentences`, see
/// [`when`]).
fn figure_time(
    x: &Reading,
    y: &Reading,
    (day_a, day_b): (Option<NaiveDate>, Option<NaiveDate>),
    sentences: When,
) -> When {
    let running = x.evolving || y.evolving;
    if !running || x.day.is_none() && y.day.is_none() {
        return sentences;
    }
    match (x.day.or(day_a), y.day.or(day_b)) {
        (Some(dx), Some(dy)) if dx == dy && x.day.is_some() && y.day.is_some() => {
            When::NamedDay(dx)
        }
        (Some(dx), Some(dy)) if dx == dy => When::SameDay(dx),
        (Some(dx), Some(dy)) => When::Days(dx, dy),
        _ => sentences,
    }
}

/// Two values within a factor of ten of each other, of one sign.
fn within_tenfold(x: f64, y: f64) -> bool {
    let (lo, hi) = (x.abs().min(y.abs()), x.abs().max(y.abs()));
    x.signum() == y.signum() && hi <= 10.0 * lo
}

/// The first pair of figures of the two units that state the same quantity and make a
/// contradiction or an update, with what it is about.
fn figure_verdict(
    (a, ra): (&Unit, &[Reading]),
    (b, rb): (&Unit, &[Reading]),
    (sentences, day_a, day_b): (When, Option<NaiveDate>, Option<NaiveDate>),
    similarity: f64,
    options: &FactOptions,
) -> Option<(Verdict, usize, usize)> {
    for (ka, qa) in a.quantities.iter().enumerate() {
        if b.figure_keys.contains(&a.figure_keys[ka]) {
            continue;
        }
        for (kb, qb) in b.quantities.iter().enumerate() {
            if qa.kind != qb.kind || a.figure_keys.contains(&b.figure_keys[kb]) {
                continue;
            }
            let (x, y) = (&ra[ka], &rb[kb]);
            let time = figure_time(x, y, (day_a, day_b), sentences);
            // The values first (cheap): they must disagree, or have changed across days.
            let could = match time {
                // A vote, once cast, does not develop over days: two tallies on two
                // days are two votes.
                When::Days(..) => x.role != Role::Tally && changed(x, a, ka, y, b, kb),
                // No day of reporting in common: the quantity must not grow as reports
                // come in (a running count read at two moments differs) unless both
                // count one named day ("the cases reported on Friday"); and below, the
                // claims must name the same period ("on Thursday", "in March").
                When::Unknown => (fixed(x, y) || !x.evolving && !y.evolving) && !compatible(x, y),
                When::NamedDay(_) | When::SameDay(_) => !compatible(x, y),
            };
            if !could || !same_quantity(x, y, similarity) {
                continue;
            }
            // Said in the words of the figure that names what it counts.
            let measure = if x.counted_words.is_empty() && !y.counted_words.is_empty() {
                about(y, qb, b, &shared_names(y, x, b))
            } else {
                about(x, qa, a, &shared_names(x, y, a))
            };
            // Contradictions are a subset of what the permissive finder proposes, so
            // that its labelled candidates measure them; and two reports of one
            // quantity rarely differ tenfold (such figures count different things).
            let proposed = proposed((a, ka), (b, kb), similarity, options)
                && within_tenfold(qa.value, qb.value);
            // The values' conditions of each kind of time held above (`could`).
            let verdict = match time {
                When::NamedDay(day) if proposed => Verdict::Contradiction {
                    measure,
                    time: format!(" on {}", day_name(day)),
                },
                When::SameDay(day) if proposed => Verdict::Contradiction {
                    measure,
                    time: format!(" as of {}", day_name(day)),
                },
                When::Days(..) => Verdict::Update { measure },
                When::Unknown if proposed => match shared_period(x, y) {
                    Some(period) => Verdict::Contradiction {
                        measure,
                        time: period,
                    },
                    None => continue,
                },
                _ => continue,
            };
            return Some((verdict, ka, kb));
        }
    }
    None
}

/// Relative words ("today", "yesterday", "last night") name days too loosely to dispute
/// a date ("a leader from yesterday"): only weekdays ("Monday", "next Monday") and
/// calendar dates (with a day number) count.
fn named_days(unit: &Unit, published: Option<NaiveDate>) -> Vec<(usize, NaiveDate)> {
    dates(&unit.text, published)
        .into_iter()
        .filter(|d| {
            d.text.chars().any(|c| c.is_ascii_digit())
                || d.text
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.parse::<chrono::Weekday>().is_ok())
        })
        .map(|d| (d.start, d.date))
        .collect()
}

/// Stems of the two content words before a date mention, in its clause: the event it
/// dates ("the fire started on Thursday" → fire, start).
fn dated_event(unit: &Unit, start: usize) -> (BTreeSet<String>, String) {
    let before: String = unit.text.chars().take(start).collect();
    let clause_start = before
        .rfind([',', ';', ':', '(', '—', '–'])
        .map_or(0, |k| k + 1);
    let clause = before[clause_start..].trim();
    let stems = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .map(str::to_lowercase)
        .filter(|w| !parallax_text::words::is_stop_word(w) && w.chars().all(char::is_alphabetic))
        // The verb right before the date, not the subject: "the levy was announced on
        // Thursday" and "the levy took effect on Friday" are two events.
        .take(2)
        .map(|w| stem(&w))
        .collect();
    (stems, clause.to_string())
}

/// Two similar sentences that date the same event to different days ("the fire started
/// on Thursday" and "on Wednesday"); not two events on two days ("announced on
/// Thursday", "took effect on Friday").
fn date_verdict(
    (a, i): (&Unit, usize),
    (b, j): (&Unit, usize),
    days: (Option<NaiveDate>, Option<NaiveDate>),
    (similarity, options): (f64, &FactOptions),
    reads: &Readings<'_>,
) -> Option<String> {
    if similarity < options.min_similarity
        || !dates_conflict(a, b)
        || conflicting_pair(a, b).is_some()
    {
        return None;
    }
    let (da, db) = (reads.named_days(i, days.0), reads.named_days(j, days.1));
    if da.is_empty() || db.is_empty() || da.iter().any(|(_, d)| db.iter().any(|(_, e)| d == e)) {
        return None;
    }
    let (&(start_a, _), &(start_b, _)) = (da.first()?, db.first()?);
    let (event_a, clause) = reads.dated_event(i, start_a);
    let (event_b, _) = reads.dated_event(j, start_b);
    if event_a.is_disjoint(event_b) {
        return None;
    }
    let clause = clause
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .trim_end();
    let clause = ["on", "at", "since", "until", "by", "from", "in"]
        .iter()
        .find_map(|p| clause.strip_suffix(p).map(str::trim_end))
        .unwrap_or(clause);
    let words = clause.split_whitespace().count();
    Some(if (2..=10).contains(&words) {
        let mut chars = clause.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_lowercase().collect())
            .unwrap_or_default();
        let lowered = if clause.starts_with("The ") || clause.starts_with("A ") {
            format!("{first}{}", chars.as_str())
        } else {
            clause.to_string()
        };
        format!("the day {lowered}")
    } else {
        "the date".to_string()
    })
}

/// The value a claim gives: a figure's key, or its days.
fn claim_value(units: &[Unit], side: Side) -> String {
    let unit = &units[side.unit];
    match unit.figure_keys.get(side.figure) {
        Some(key) => format!("{key:?}"),
        None => format!("{:?}", unit.dates),
    }
}

/// A pair of claims that disagree.
struct Disputed {
    /// What they dispute ("the number of workers injured").
    measure: String,
    /// When (" as of 15 October"), or nothing.
    time: String,
    a: Side,
    b: Side,
}

/// Pairs of claims grouped by what they dispute (the same words, or figures that state
/// the same quantity at the same time), with who says what.
fn group_contradictions(
    units: &[Unit],
    reads: &Readings<'_>,
    story: &[StoryArticle<'_>],
    pairs: &[Disputed],
) -> Vec<Contradiction> {
    // Per group: its pairs' measures, time, and sides with one value each.
    let mut groups: Vec<(Vec<&str>, &str, Vec<Side>)> = Vec::new();
    let mut out: Vec<(Contradiction, Vec<Side>)> = Vec::new();
    let reading = |s: &Side| reads.of(s.unit).get(s.figure);
    let same = |x: &Side, y: &Side| match (reading(x), reading(y)) {
        (Some(rx), Some(ry)) => same_quantity(rx, ry, 1.0),
        _ => false,
    };
    for pair in pairs {
        let (a, b) = (&pair.a, &pair.b);
        // The same words first; else a group whose first pair states the same quantity
        // (its first pair stands for it: comparing with every side is quadratic).
        let found = groups
            .iter()
            .position(|(measures, time, _)| {
                *time == pair.time && measures.contains(&pair.measure.as_str())
            })
            .or_else(|| {
                groups.iter().position(|(_, time, sides)| {
                    *time == pair.time && sides.iter().take(2).any(|s| same(s, a) || same(s, b))
                })
            });
        let index = match found {
            Some(index) => {
                groups[index].0.push(&pair.measure);
                groups[index].2.extend([*a, *b]);
                index
            }
            None => {
                groups.push((vec![&pair.measure], &pair.time, vec![*a, *b]));
                out.push((
                    Contradiction {
                        about: String::new(),
                        claims: Vec::new(),
                    },
                    Vec::new(),
                ));
                out.len() - 1
            }
        };
        let (contradiction, sides) = &mut out[index];
        for side in [*a, *b] {
            let unit = &units[side.unit];
            let source = story[unit.article].source;
            if contradiction
                .claims
                .iter()
                .any(|c| c.sources.contains(&source))
            {
                continue;
            }
            // A source giving a value already claimed joins that claim.
            let value = claim_value(units, side);
            match sides.iter().position(|s| claim_value(units, *s) == value) {
                Some(k) => contradiction.claims[k].sources.push(source),
                None => {
                    contradiction.claims.push(ContradictionClaim {
                        text: unit.text.clone(),
                        sources: vec![source],
                    });
                    sides.push(side);
                }
            }
        }
    }
    // Each group says what it disputes in its most specific words.
    for ((contradiction, _), (measures, time, _)) in out.iter_mut().zip(&groups) {
        let measure = measures
            .iter()
            .max_by_key(|m| (m.len(), std::cmp::Reverse(**m)))
            .copied()
            .unwrap_or_default();
        contradiction.about = format!("{measure}{time}");
    }
    // Who states each figure, for citing every source of a claim (built once: a story
    // can have many contradictions).
    let mut stating: HashMap<&QuantityKey, Vec<(u32, Side)>> = HashMap::new();
    for (i, unit) in units.iter().enumerate() {
        for (figure, key) in unit.figure_keys.iter().enumerate() {
            stating.entry(key).or_default().push((
                story[unit.article].source,
                Side {
                    unit: i,
                    figure,
                    day: None,
                },
            ));
        }
    }
    out.into_iter()
        .filter(|(c, _)| c.claims.len() >= 2)
        .map(|(mut c, sides)| {
            add_sources_stating_a_value(&mut c, units, reads, &sides, &stating);
            c.claims
                .iter_mut()
                .for_each(|claim| claim.sources.sort_unstable());
            c
        })
        .collect()
}

/// Pairs of claims on different days grouped by quantity into updates: the values in
/// date order, each first reported that day. A quantity whose sources disagree on one
/// day is a contradiction, not an update.
fn group_updates(
    units: &[Unit],
    reads: &Readings<'_>,
    story: &[StoryArticle<'_>],
    pairs: &[(String, Side, Side)],
    disputed: &BTreeSet<&str>,
) -> Vec<Update> {
    let mut by_measure: BTreeMap<&str, Vec<Side>> = BTreeMap::new();
    for (measure, a, b) in pairs {
        if disputed.iter().any(|d| d.starts_with(measure.as_str())) {
            continue;
        }
        let sides = by_measure.entry(measure.as_str()).or_default();
        for side in [*a, *b] {
            if !sides
                .iter()
                .any(|s| s.unit == side.unit && s.figure == side.figure)
            {
                sides.push(side);
            }
        }
    }
    let reading = |s: &Side| &reads.of(s.unit)[s.figure];
    let mut out: Vec<(NaiveDate, Update)> = Vec::new();
    for (measure, sides) in by_measure {
        // Only dated sides come here (pairs on two days), but say so.
        let dated: Vec<(NaiveDate, &Side)> =
            sides.iter().filter_map(|s| s.day.map(|d| (d, s))).collect();
        let disagree_on_a_day = dated.iter().any(|(d, s)| {
            dated
                .iter()
                .any(|(e, t)| d == e && !compatible(reading(s), reading(t)))
        });
        if disagree_on_a_day {
            continue;
        }
        let mut values: BTreeMap<(NaiveDate, String), (Side, BTreeSet<u32>)> = BTreeMap::new();
        for (day, side) in &dated {
            let entry = values
                .entry((*day, claim_value(units, **side)))
                .or_insert((**side, BTreeSet::new()));
            entry.1.insert(story[units[side.unit].article].source);
        }
        let mut listed: Vec<UpdateValue> = Vec::new();
        let mut said: BTreeSet<String> = BTreeSet::new();
        let mut first_day = None;
        for ((day, value), (side, sources)) in values {
            if !said.insert(value) {
                continue;
            }
            first_day.get_or_insert(day);
            let unit = &units[side.unit];
            let (start, end) = reading(&side).written;
            listed.push(UpdateValue {
                value: unit.text.chars().skip(start).take(end - start).collect(),
                day: Some(day.format("%Y-%m-%d").to_string()),
                text: unit.text.clone(),
                sources: sources.into_iter().collect(),
            });
        }
        if let (Some(day), true) = (first_day, listed.len() >= 2) {
            out.push((
                day,
                Update {
                    about: measure.to_string(),
                    values: listed,
                },
            ));
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.about.cmp(&y.1.about)));
    out.into_iter().map(|(_, u)| u).collect()
}

/// Pairs of similar sentences find a contradiction, but other sources may state one of
/// its figures in sentences worded too differently to be paired: each source that states
/// exactly one of the claimed figures, counting the same thing, is cited for that claim
/// (so "who says what" lists every source, not just the first pair).
fn add_sources_stating_a_value(
    contradiction: &mut Contradiction,
    units: &[Unit],
    reads: &Readings<'_>,
    sides: &[Side],
    stating: &HashMap<&QuantityKey, Vec<(u32, Side)>>,
) {
    let mut stated: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    for (claim, side) in sides.iter().enumerate() {
        let Some(key) = units[side.unit].figure_keys.get(side.figure) else {
            continue;
        };
        let claimed = &reads.of(side.unit)[side.figure];
        for (source, other) in stating.get(key).into_iter().flatten() {
            let reading = &reads.of(other.unit)[other.figure];
            // Whatever part the figure plays there: a source stating both values
            // ("from 1,200 to 1,500") takes no side.
            if !reading.counted.is_disjoint(&claimed.counted) {
                stated.entry(*source).or_default().insert(claim);
            }
        }
    }
    for (source, claims) in stated {
        let already = contradiction
            .claims
            .iter()
            .any(|c| c.sources.contains(&source));
        // A source stating two of the values (an update, a range) takes no side.
        if already || claims.len() != 1 {
            continue;
        }
        if let Some(claim) = claims
            .first()
            .and_then(|&k| contradiction.claims.get_mut(k))
        {
            claim.sources.push(source);
        }
    }
}

/// Flag the facts that state a figure only one side of a contradiction gives: what
/// the sources dispute is reported, not established.
pub(crate) fn mark_disputed(facts: &mut [Fact], contradictions: &[Contradiction]) {
    let disputed = disputed_figures(contradictions);
    if disputed.is_empty() {
        return;
    }
    for fact in facts {
        fact.disputed = quantities(&fact.text)
            .iter()
            .any(|q| disputed.contains(&q.key()));
    }
}

/// Figures a claim of a contradiction states where another claim states a different
/// figure of the same kind: the competing values. A figure of a kind the other claims
/// do not mention (a sum of money beside two different vote counts) is merely reported
/// by one source, not disputed.
pub fn disputed_figures(contradictions: &[Contradiction]) -> BTreeSet<QuantityKey> {
    let mut disputed = BTreeSet::new();
    for contradiction in contradictions {
        let per_claim: Vec<BTreeSet<QuantityKey>> = contradiction
            .claims
            .iter()
            .map(|c| quantities(&c.text).into_iter().map(|q| q.key()).collect())
            .collect();
        for keys in &per_claim {
            disputed.extend(
                keys.iter()
                    .filter(|k| {
                        per_claim.iter().any(|other| {
                            !other.contains(k) && other.iter().any(|o| o.kind() == k.kind())
                        })
                    })
                    .cloned(),
            );
        }
    }
    disputed
}

#[cfg(test)]
mod tests {
    use parallax_model::{Article, Contradiction, ContradictionClaim};
    use parallax_text::numbers::{quantities, QuantityKey};

    use super::disputed_figures;

    /// An article reported on 15 October 2026 (the same day of reporting as the others).
    fn article(id: &str, text: &str) -> Article {
        let mut article = Article::new(id, text);
        article.published = Some("2026-10-15".into());
        article
    }

    /// Two outlets' reports of one day give no contradiction.
    fn assert_no_dispute(a: &str, b: &str) {
        let analysis = crate::test_analysis(&[article("a", a), article("b", b)], &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    /// One outlet's report of the evacuation, with its figure.
    fn evacuated(figure: &str) -> String {
        format!(
            "About {figure} residents were evacuated from Lowmere after the chemical plant fire."
        )
    }

    #[test]
    fn a_running_count_of_one_named_day_is_compared_in_undated_reports() {
        // Undated articles: no day of reporting, so a running count is compared only
        // when both claims name the day it counts.
        let day = |n: &str| {
            Article::new(
                "x",
                format!("Health officials reported {n} new cases across the region on Friday."),
            )
        };
        let mut b = day("455");
        b.id = "y".into();
        let analysis = crate::test_analysis(&[day("412"), b], &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(analysis.contradictions[0].about.contains("Friday"));
        // The same counts with no day named are two readings of a growing total.
        let undated = |id: &str, n: &str| {
            Article::new(
                id,
                format!("Health officials reported {n} cases across the region."),
            )
        };
        let analysis = crate::test_analysis(&[undated("x", "412"), undated("y", "455")], &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn conflicting_figures_are_a_contradiction_and_not_one_fact() {
        let articles = [
            article("a", &evacuated("1,200")),
            article("b", &evacuated("1,500")),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.facts.iter().all(|f| f.sources.len() == 1),
            "{:?}",
            analysis.facts
        );
        let contradiction = &analysis.contradictions[0];
        assert_eq!(
            contradiction.about,
            "the number of residents evacuated in Lowmere as of 15 October"
        );
        assert_eq!(contradiction.claims.len(), 2);
    }

    #[test]
    fn every_source_stating_a_disputed_figure_is_cited_for_it() {
        let articles = [
            article("a", &evacuated("1,200")),
            article("b", &evacuated("1,500")),
            article(
                "c",
                "Shelters at two schools took in many of the 1,500 residents who left on Thursday night.",
            ),
            article(
                "d",
                "Estimates moved from 1,200 residents in the morning to 1,500 residents by the evening.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2, 3]);
        let claims: Vec<&[u32]> = analysis.contradictions[0]
            .claims
            .iter()
            .map(|c| c.sources.as_slice())
            .collect();
        // The fourth source states both figures: it takes no side.
        assert_eq!(
            claims,
            [&[1][..], &[2, 3][..]],
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn facts_stating_a_disputed_figure_are_flagged() {
        let articles = [
            article("a", "About 1,200 residents were evacuated from Lowmere after the chemical plant fire. The evacuation order for Lowmere was lifted on Friday morning by the mayor."),
            article("b", "About 1,500 residents were evacuated from Lowmere after the chemical plant fire. The mayor lifted the evacuation order for Lowmere on Friday morning."),
            article("c", "Shelters at two schools took in most of the 1,500 residents who left Lowmere on Thursday. The evacuation order for Lowmere was lifted by the mayor on Friday morning."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2]);
        assert_eq!(analysis.contradictions.len(), 1);
        for fact in &analysis.facts {
            let states_a_figure = fact.text.contains("1,200") || fact.text.contains("1,500");
            assert_eq!(fact.disputed, states_a_figure, "{fact:?}");
        }
        assert!(analysis.facts.iter().any(|f| f.disputed));
        assert!(analysis.facts.iter().any(|f| !f.disputed));
    }

    #[test]
    fn only_the_competing_figures_are_disputed() {
        let claim = |text: &str, source: u32| ContradictionClaim {
            text: text.to_string(),
            sources: vec![source],
        };
        let contradiction = Contradiction {
            about: "the number of council members voting for the plan".to_string(),
            claims: vec![
                claim("The council passed the plan by 5 votes to 4.", 1),
                claim(
                    "The plan, which passed by 7 votes to 4, sets aside $200,000 for grants to residents who lived in the town between 1950 and 1970.",
                    2,
                ),
            ],
        };
        let disputed = disputed_figures(&[contradiction]);
        let keys = |text: &str| -> Vec<QuantityKey> {
            quantities(text).into_iter().map(|q| q.key()).collect()
        };
        for competing in [keys("5 votes"), keys("7 votes")] {
            assert!(disputed.contains(&competing[0]), "{disputed:?}");
        }
        for agreed_or_unopposed in [
            keys("4 votes"),
            keys("$200,000"),
            keys("in 1950"),
            keys("in 1970"),
        ] {
            assert!(!disputed.contains(&agreed_or_unopposed[0]), "{disputed:?}");
        }
    }

    #[test]
    fn the_same_frame_with_different_counts_is_a_contradiction() {
        let articles = [
            article("a", "Five workers were injured in the blaze, which started before dawn in a solvent store."),
            article("b", "Three workers were injured in the fire, which crews brought under control by late morning."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert_eq!(
            analysis.contradictions[0].about,
            "the number of workers injured as of 15 October"
        );
    }

    #[test]
    fn a_bare_figure_and_people_doing_what_its_sentence_counts_are_one_quantity() {
        let articles = [
            article("a", "The number of new claims for jobless benefits in Calder rose by 12,000 to 412,000 last week, the ministry said."),
            article("b", "More than 455,000 people filed new claims for jobless benefits in Calder last week, the ministry said."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(
            analysis.contradictions[0]
                .about
                .starts_with("the number of people filed"),
            "{}",
            analysis.contradictions[0].about
        );
        // People doing something the bare figure's sentence never names are others.
        assert_no_dispute(
            "The number of new claims for jobless benefits in Calder rose by 12,000 to 412,000 last week, the ministry said.",
            "More than 455,000 people marched through Calder last week against the benefit rules, the ministry said.",
        );
    }

    #[test]
    fn the_same_claim_on_different_days_is_a_contradiction() {
        let mut a = article(
            "a",
            "The Lowmere plant fire started on Thursday, fire officials said.",
        );
        let mut b = article(
            "b",
            "The Lowmere plant fire started on Wednesday, fire officials said.",
        );
        a.published = Some("2026-10-16".into());
        b.published = Some("2026-10-16".into());
        let analysis = crate::test_analysis(&[a, b], &[0, 1]);
        assert!(
            analysis.facts.iter().all(|f| f.sources.len() == 1),
            "{:?}",
            analysis.facts
        );
        assert_eq!(
            analysis.contradictions[0].about,
            "the day the Lowmere plant fire started"
        );
    }

    #[test]
    fn relative_and_explicit_dates_of_the_same_day_agree() {
        let mut a = article(
            "a",
            "The Lowmere plant fire started on Thursday, fire officials said.",
        );
        let mut b = article(
            "b",
            "The Lowmere plant fire started on Oct. 15, fire officials said.",
        );
        a.published = Some("2026-10-16".into());
        b.published = Some("2026-10-16".into());
        let analysis = crate::test_analysis(&[a, b], &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
        assert_eq!(analysis.facts[0].sources, [1, 2]);
    }

    fn dated(id: &str, day: &str, text: &str) -> Article {
        let mut article = Article::new(id, text);
        article.published = Some(day.into());
        article
    }

    #[test]
    fn figures_that_agree_within_bounds_and_rounding_are_no_contradiction() {
        let pairs = [
            (
                "More than 1.6 million voters signed the Kestrel Bay petition, organisers said.",
                "Exactly 1,626,042 voters signed the Kestrel Bay petition, organisers said.",
            ),
            (
                "At least eight people died when the Orlin ferry capsized, the coastguard said.",
                "Nine people died when the Orlin ferry capsized, the coastguard said.",
            ),
            (
                "The Varden port strike lasted more than 10 days before the deal, unions said.",
                "The Varden port strike lasted 11 days before the deal, unions said.",
            ),
            (
                "About 1,500 residents left Holm after the dam warning, officials said.",
                "Some 1,480 residents left Holm after the dam warning, officials said.",
            ),
        ];
        for (a, b) in pairs {
            let articles = [article("a", a), article("b", b)];
            let analysis = crate::test_analysis(&articles, &[0, 1]);
            assert!(
                analysis.contradictions.is_empty(),
                "{a} / {b}: {:?}",
                analysis.contradictions
            );
        }
    }

    #[test]
    fn different_places_count_different_things() {
        assert_no_dispute(
            "Twenty-six people were killed in Dorvan on Monday, medics said.",
            "Twelve people were killed in Ostrava on Monday, medics said.",
        );
        assert_no_dispute(
            "The agency shipped 4 million doses to Lirea and Tamsk last month, the agency said.",
            "The agency shipped 60 million doses last month, the agency said.",
        );
    }

    #[test]
    fn durations_of_different_events_are_not_one_quantity() {
        // Weeks of one pregnancy, but two events timed: viability and a legal ban.
        assert_no_dispute(
            "Viability can occur at around 24 weeks of pregnancy, doctors in Varden said.",
            "The Varden law bans abortions after six weeks of pregnancy, doctors in Varden said.",
        );
        // The same event timed differently is still disputed.
        let articles = [
            article(
                "a",
                "The Varden port strike lasted 12 days before the deal, unions said.",
            ),
            article(
                "b",
                "The Varden port strike lasted 19 days before the deal, unions said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn a_forecast_is_not_contradicted_by_the_actual_figure() {
        assert_no_dispute(
            "Employers in Calder added 266,000 jobs in April, the statistics office said.",
            "Economists had expected employers in Calder to add 1 million jobs in April, the statistics office said.",
        );
    }

    #[test]
    fn two_events_on_two_days_are_not_a_date_contradiction() {
        let articles = [
            dated(
                "a",
                "2026-10-16",
                "The Brennick ferry levy was announced on Thursday by the harbour board.",
            ),
            dated(
                "b",
                "2026-10-16",
                "The Brennick ferry levy took effect on Friday, the harbour board said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn the_same_count_on_different_days_is_an_update_in_date_order() {
        let articles = [
            dated("late", "2026-05-20", "At least 230 people have been killed in Dorvan since the fighting began, health officials said."),
            dated("early", "2026-05-11", "At least 28 people have been killed in Dorvan since the fighting began, health officials said."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
        let update = &analysis.updates[0];
        let values: Vec<(&str, Option<&str>, &[u32])> = update
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.day.as_deref(), v.sources.as_slice()))
            .collect();
        assert_eq!(
            values,
            [
                ("At least 28", Some("2026-05-11"), &[2][..]),
                ("At least 230", Some("2026-05-20"), &[1][..])
            ]
        );
        assert!(update.about.contains("people killed"), "{}", update.about);
    }

    #[test]
    fn undated_claims_make_no_update_and_no_running_count_contradiction() {
        // No day of reporting: a running count read at two moments proves nothing.
        let articles = [
            Article::new("a", "At least 28 people have been killed in Dorvan since the fighting began, officials said."),
            Article::new("b", "At least 230 people have been killed in Dorvan since the fighting began, officials said."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
        let articles = [
            Article::new(
                "a",
                "Nine people were killed in the Orlin ferry accident, officials said.",
            ),
            Article::new(
                "b",
                "Twelve people were killed in the Orlin ferry accident, officials said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
    }

    #[test]
    fn undated_claims_naming_the_same_day_can_disagree_on_a_fixed_quantity() {
        let articles = [
            Article::new(
                "a",
                "The council blocked a $500 million harbour bill on Thursday, ending the talks.",
            ),
            Article::new(
                "b",
                "The council blocked a $300 million harbour bill on Thursday, ending the talks.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(analysis.contradictions[0].about.ends_with("on Thursday"));
    }

    #[test]
    fn a_date_in_the_future_is_no_day_of_reporting() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(super::reporting_day(Some("2999-01-01"), today), None);
        assert_eq!(super::reporting_day(Some("not a date"), today), None);
        assert_eq!(super::reporting_day(None, today), None);
        assert_eq!(
            super::reporting_day(Some("2026-10-15T07:00:00Z"), today),
            chrono::NaiveDate::from_ymd_opt(2026, 10, 15)
        );
        let articles = [
            dated(
                "a",
                "2999-01-01",
                "At least 28 people have been killed in Dorvan since the fighting began.",
            ),
            dated(
                "b",
                "2026-05-11",
                "At least 230 people have been killed in Dorvan since the fighting began.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn words_ranges_and_units_that_do_not_convert_never_panic_or_contradict() {
        let texts = [
            "Two dozen boats were moored at the Holm jetty on Tuesday, the harbour master said.",
            "Between 20 and 30 boats were moored at the Holm jetty on Tuesday, the harbour master said.",
            "The convoy drove 5 km to the Holm jetty on Tuesday, the harbour master said.",
            "The convoy drove 5 miles to the Holm jetty on Tuesday, the harbour master said.",
        ];
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| article(&i.to_string(), t))
            .collect();
        let analysis = crate::test_analysis(&articles, &[0, 1, 2, 3]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn a_day_named_in_a_later_report_is_compared_with_that_days_report() {
        // Friday's report names Thursday; Thursday's report gives its own count of
        // that day: one quantity of one day, and the values disagree.
        let articles = [
            dated(
                "a",
                "2026-10-16",
                "Health officials in Calder reported 412 new cases on Thursday, the ministry said.",
            ),
            dated(
                "b",
                "2026-10-15",
                "Health officials in Calder reported 455 new cases, the ministry said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(
            analysis.contradictions[0]
                .about
                .ends_with("as of 15 October"),
            "{}",
            analysis.contradictions[0].about
        );
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
    }

    #[test]
    fn a_day_named_further_on_in_the_sentence_dates_its_figure() {
        // Regression (the sample corpus): the next day's report names the day only at
        // the end of its sentence; it is still the same day's count, not an update.
        let articles = [
            dated(
                "a",
                "2026-10-15",
                "About 1,200 residents were evacuated from Lowmere on Thursday after the plant fire, officials said.",
            ),
            dated(
                "b",
                "2026-10-16",
                "About 1,500 residents were ordered out of their homes in Lowmere after the fire broke out at the solvent store shortly before dawn on Thursday.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
    }

    #[test]
    fn a_running_count_of_two_named_days_in_reports_of_one_day_is_an_update() {
        // Both published on Friday, but one counts to Thursday night and the other to
        // Friday morning: the count moved, nobody disagrees.
        let articles = [
            dated(
                "a",
                "2026-10-16",
                "By last night, 28 people had been killed in Dorvan, health officials said.",
            ),
            dated(
                "b",
                "2026-10-16",
                "By this morning, 31 people had been killed in Dorvan, health officials said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
        let days: Vec<Option<&str>> = analysis.updates[0]
            .values
            .iter()
            .map(|v| v.day.as_deref())
            .collect();
        assert_eq!(days, [Some("2026-10-15"), Some("2026-10-16")]);
    }

    #[test]
    fn the_same_weekday_of_two_weeks_is_two_days() {
        let articles = [
            dated(
                "a",
                "2026-10-13",
                "Health officials in Calder reported 412 new cases on Monday, the ministry said.",
            ),
            dated(
                "b",
                "2026-10-20",
                "Health officials in Calder reported 455 new cases on Monday, the ministry said.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn yesterday_and_a_weekday_of_one_day_date_one_vote() {
        // A fixed quantity (the size of the bill blocked), dated two ways to one day.
        let articles = [
            dated(
                "a",
                "2026-10-16",
                "The council blocked a $500 million harbour bill yesterday, ending the talks.",
            ),
            dated(
                "b",
                "2026-10-17",
                "The council blocked a $300 million harbour bill on Thursday, ending the talks.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert!(
            analysis.contradictions[0].about.ends_with("on 15 October"),
            "{}",
            analysis.contradictions[0].about
        );
    }

    #[test]
    fn two_tallies_on_two_days_are_two_votes_not_an_update() {
        let articles = [
            dated(
                "a",
                "2026-10-19",
                "By a vote of 5 to 4, the Varden court struck down the roll rule.",
            ),
            dated(
                "b",
                "2026-10-20",
                "The Varden court kept the badge rule, by a vote of 7 to 2.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(analysis.updates.is_empty(), "{:?}", analysis.updates);
    }
}
