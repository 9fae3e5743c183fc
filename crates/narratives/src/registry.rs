//! The outlet registry: who an article's outlet is and how it is rated.
//!
//! The default registry is `data/outlets.toml` (built in); `--outlets FILE` files in the
//! same format add outlets or replace those with the same `id`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use parallax_model::{Outlet, Rated, Ratings};

use crate::axis::{Axis, AxisSide, ValueSet, OWNERSHIP, UNKNOWN};

/// Errors loading a registry file.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The file could not be read.
    #[error("{path}: cannot read outlet registry: {source}")]
    Read {
        /// File path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The file is not a valid registry.
    #[error("{path}: invalid outlet registry: {reason}")]
    Invalid {
        /// File path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// One entry of the file is wrong.
    #[error("{path}:{line}: invalid outlet registry: {entry}: {reason}")]
    Entry {
        /// File path.
        path: String,
        /// Line of the entry (1-based).
        line: usize,
        /// The entry: `outlet "fox-news"`, `axis "ownership"`.
        entry: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
struct RegistryFile {
    #[serde(default)]
    axis: Vec<Spanned<RawAxis>>,
    #[serde(default)]
    outlet: Vec<Spanned<RawOutlet>>,
}

/// An `[[axis]]` table: a value set, two contrasted sides, or both.
#[derive(Deserialize)]
struct RawAxis {
    key: String,
    #[serde(default)]
    values: Option<Vec<String>>,
    #[serde(default)]
    sides: Option<Vec<AxisSide>>,
    #[serde(default)]
    blindspots: Option<bool>,
}

/// An `[[outlet]]` table, with the position of each rating for error messages.
#[derive(Deserialize)]
struct RawOutlet {
    id: String,
    name: String,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    wire: bool,
    #[serde(default)]
    owned_by: Option<String>,
    #[serde(default)]
    ratings: BTreeMap<String, Spanned<Rated>>,
}

/// Where an outlet entry was read from.
#[derive(Debug, Clone)]
struct Origin {
    path: String,
    line: usize,
}

/// Outlets by id, and the axes they are rated on.
#[derive(Debug, Clone)]
pub struct Registry {
    /// The outlets as given, by id.
    given: BTreeMap<String, Outlet>,
    /// The outlets as used: an outlet `owned_by` another and not rated on ownership
    /// carries its owner's ownership rating.
    outlets: BTreeMap<String, Outlet>,
    origins: BTreeMap<String, Origin>,
    axes: Vec<Axis>,
    value_sets: Vec<ValueSet>,
    /// Normalised names and aliases, each with the id of the first outlet (in id order)
    /// that carries it: every article of every briefing is looked up.
    by_name: HashMap<String, String>,
}

impl Default for Registry {
    /// No outlets; the built-in axes.
    fn default() -> Self {
        Registry {
            given: BTreeMap::new(),
            outlets: BTreeMap::new(),
            origins: BTreeMap::new(),
            axes: Axis::builtin(),
            value_sets: ValueSet::builtin(),
            by_name: HashMap::new(),
        }
    }
}

impl Registry {
    /// The built-in registry (`data/outlets.toml`).
    pub fn builtin() -> Result<Registry, RegistryError> {
        let mut registry = Registry::default();
        registry.add_toml(
            "data/outlets.toml",
            include_str!("../../../data/outlets.toml"),
        )?;
        Ok(registry)
    }

    /// The user's registry file: `$XDG_CONFIG_HOME/parallax/outlets.toml`, else
    /// `$HOME/.config/parallax/outlets.toml` (whether or not it exists).
    pub fn user_file() -> Option<PathBuf> {
        let from_env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let config = from_env("XDG_CONFIG_HOME")
            .or_else(|| from_env("HOME").map(|home| home.join(".config")))?;
        Some(config.join("parallax").join("outlets.toml"))
    }

    /// Add the outlets of a registry file, replacing those with the same id.
    pub fn add_file(&mut self, path: &Path) -> Result<(), RegistryError> {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|source| RegistryError::Read {
            path: name.clone(),
            source,
        })?;
        self.add_toml(&name, &source)
    }

    /// Add the axes and outlets of registry TOML text (`path` names it in errors). On an
    /// error the registry is left as it was.
    pub fn add_toml(&mut self, path: &str, source: &str) -> Result<(), RegistryError> {
        let mut next = self.clone();
        next.add_entries(path, source)?;
        next.resolve();
        *self = next;
        Ok(())
    }

    /// Rebuild the outlets as used (ownership through `owned_by`) and the name index.
    fn resolve(&mut self) {
        let mut outlets = self.given.clone();
        for (id, outlet) in outlets.iter_mut() {
            if outlet.ratings.contains_key(OWNERSHIP) {
                continue;
            }
            // Checked acyclic and complete when the file was added.
            let mut seen = BTreeSet::from([id.as_str()]);
            let mut parent = outlet.owned_by.as_deref();
            while let Some(owner) = parent.and_then(|p| self.given.get(p)) {
                if !seen.insert(owner.id.as_str()) {
                    break;
                }
                if let Some(rated) = owner.ratings.get(OWNERSHIP) {
                    let mut inherited = rated.clone();
                    inherited.owner = rated.owner.clone().or_else(|| Some(owner.name.clone()));
                    inherited.evidence = Some(format!("through {} (owned_by)", owner.name));
                    outlet.ratings.insert(OWNERSHIP.to_string(), inherited);
                    break;
                }
                parent = owner.owned_by.as_deref();
            }
        }
        self.outlets = outlets;
        self.by_name.clear();
        for outlet in self.outlets.values() {
            for name in std::iter::once(&outlet.name).chain(&outlet.aliases) {
                self.by_name
                    .entry(normalise_name(name))
                    .or_insert_with(|| outlet.id.clone());
            }
        }
    }

    fn add_entries(&mut self, path: &str, source: &str) -> Result<(), RegistryError> {
        let invalid = |reason: String| RegistryError::Invalid {
            path: path.to_string(),
            reason,
        };
        let line_of = |offset: usize| source[..offset.min(source.len())].matches('\n').count() + 1;
        let file: RegistryFile = toml::from_str(source).map_err(|e| invalid(e.to_string()))?;
        for spanned in file.axis {
            let line = line_of(spanned.span().start);
            let raw = spanned.into_inner();
            let entry_error = |reason: String| RegistryError::Entry {
                path: path.to_string(),
                line,
                entry: format!("axis {:?}", raw.key),
                reason,
            };
            self.add_axis(&raw).map_err(entry_error)?;
        }
        let mut added = Vec::new();
        for spanned in file.outlet {
            let line = line_of(spanned.span().start);
            let raw = spanned.into_inner();
            let entry = format!("outlet {:?}", raw.id);
            let entry_error = |line: usize, reason: String| RegistryError::Entry {
                path: path.to_string(),
                line,
                entry: entry.clone(),
                reason,
            };
            if raw.id.trim().is_empty() || raw.name.trim().is_empty() {
                return Err(entry_error(line, "needs an id and a name".into()));
            }
            let mut ratings = Ratings::new();
            for (axis, rated) in raw.ratings {
                let at = line_of(rated.span().start);
                let rated = rated.into_inner();
                self.check_rating(&axis, &rated)
                    .map_err(|reason| entry_error(at, reason))?;
                ratings.insert(axis, rated);
            }
            let outlet = Outlet {
                id: raw.id.clone(),
                name: raw.name,
                domains: raw.domains,
                aliases: raw.aliases,
                country: raw.country,
                wire: raw.wire,
                owned_by: raw.owned_by,
                ratings,
            };
            self.origins.insert(
                outlet.id.clone(),
                Origin {
                    path: path.to_string(),
                    line,
                },
            );
            added.push(outlet.id.clone());
            self.given.insert(outlet.id.clone(), outlet);
        }
        self.check_domains(&added)?;
        self.check_owners(&added)
    }

    /// Add or update an axis from an `[[axis]]` table.
    fn add_axis(&mut self, raw: &RawAxis) -> Result<(), String> {
        if raw.key.trim().is_empty() {
            return Err("an axis needs a key".into());
        }
        let existing = self.value_sets.iter().position(|v| v.key == raw.key);
        let blindspots = raw
            .blindspots
            .or(existing.map(|i| self.value_sets[i].blindspots))
            .unwrap_or(true);
        let sides: Option<[AxisSide; 2]> = match &raw.sides {
            None => None,
            Some(sides) => Some(
                sides
                    .clone()
                    .try_into()
                    .map_err(|_: Vec<AxisSide>| "an axis has exactly two sides".to_string())?,
            ),
        };
        let values: Vec<String> = match (&raw.values, existing, &sides) {
            (Some(values), _, _) => values
                .iter()
                .cloned()
                .chain((!values.iter().any(|v| v == UNKNOWN)).then(|| UNKNOWN.to_string()))
                .collect(),
            (None, Some(i), _) => self.value_sets[i].values.clone(),
            (None, None, Some(sides)) => sides
                .iter()
                .flat_map(|s| s.placing_values())
                .map(str::to_string)
                .chain(std::iter::once(UNKNOWN.to_string()))
                .collect(),
            (None, None, None) => {
                return Err("an axis needs `values`, `sides` or both".into());
            }
        };
        let set = ValueSet {
            key: raw.key.clone(),
            values,
            blindspots,
        };
        if let Some(sides) = sides {
            let [a, b] = &sides;
            if a.value == b.value {
                return Err("needs two different side values".into());
            }
            for side in &sides {
                for value in side.placing_values() {
                    if value == UNKNOWN || !set.contains(value) {
                        return Err(format!(
                            "side {:?} places value {value:?}, which is not one of the axis's values ({})",
                            side.value,
                            set.values.join(", ")
                        ));
                    }
                }
            }
            if let Some(shared) = a.placing_values().into_iter().find(|v| b.places(v)) {
                return Err(format!("value {shared:?} is on both sides"));
            }
            let axis = Axis {
                key: raw.key.clone(),
                sides,
                blindspots,
            };
            match self.axes.iter_mut().find(|a| a.key == axis.key) {
                Some(existing) => *existing = axis,
                None => self.axes.push(axis),
            }
        } else if let Some(axis) = self.axes.iter_mut().find(|a| a.key == raw.key) {
            axis.blindspots = blindspots;
        }
        match existing {
            Some(i) => self.value_sets[i] = set,
            None => self.value_sets.push(set),
        }
        Ok(())
    }

    /// Whether a rating names a known axis, a value of it and its source.
    fn check_rating(&self, axis: &str, rated: &Rated) -> Result<(), String> {
        let Some(set) = self.value_sets.iter().find(|v| v.key == axis) else {
            let known: Vec<&str> = self.value_sets.iter().map(|v| v.key.as_str()).collect();
            return Err(format!(
                "rating {axis:?} is not a known axis (known: {}; define it with [[axis]])",
                known.join(", ")
            ));
        };
        if !set.contains(&rated.value) {
            return Err(format!(
                "{axis} value {:?} is not one of {}",
                rated.value,
                set.values.join(", ")
            ));
        }
        if rated.source.trim().is_empty() {
            return Err(format!("rating {axis} does not say its source"));
        }
        Ok(())
    }

    /// No domain belongs to two outlets; `added` are the ids of the file being read.
    fn check_domains(&self, added: &[String]) -> Result<(), RegistryError> {
        let mut owners: HashMap<String, &str> = HashMap::new();
        // Earlier outlets first, so the error names the new claimant.
        let added_set: BTreeSet<&str> = added.iter().map(String::as_str).collect();
        let order = self
            .given
            .keys()
            .filter(|id| !added_set.contains(id.as_str()))
            .chain(added.iter());
        for id in order {
            for domain in &self.given[id].domains {
                let domain = domain.trim().to_lowercase();
                let domain = domain.strip_prefix("www.").unwrap_or(&domain).to_string();
                match owners.get(&domain) {
                    Some(other) if *other != id.as_str() => {
                        return Err(self.entry_error(
                            id,
                            format!(
                                "domain {domain:?} is already claimed by outlet {other:?}{}",
                                self.where_from(other)
                            ),
                        ));
                    }
                    _ => {
                        owners.insert(domain, id);
                    }
                }
            }
        }
        Ok(())
    }

    /// Every `owned_by` names an outlet, and no outlet owns itself through others.
    fn check_owners(&self, added: &[String]) -> Result<(), RegistryError> {
        let ids = added
            .iter()
            .chain(self.given.keys().filter(|id| !added.contains(id)));
        for id in ids {
            let mut chain = vec![id.as_str()];
            let mut current = id.as_str();
            while let Some(owner) = self.given[current].owned_by.as_deref() {
                if !self.given.contains_key(owner) {
                    return Err(self.entry_error(
                        current,
                        format!("owned_by {owner:?} is not an outlet of the registry"),
                    ));
                }
                if owner == id.as_str() {
                    chain.push(owner);
                    return Err(
                        self.entry_error(id, format!("ownership cycle: {}", chain.join(" -> ")))
                    );
                }
                if chain.contains(&owner) {
                    // A cycle that does not pass through `id`: reported from its members.
                    break;
                }
                chain.push(owner);
                current = owner;
            }
        }
        Ok(())
    }

    fn entry_error(&self, id: &str, reason: String) -> RegistryError {
        let origin = self.origins.get(id);
        RegistryError::Entry {
            path: origin.map_or_else(String::new, |o| o.path.clone()),
            line: origin.map_or(0, |o| o.line),
            entry: format!("outlet {id:?}"),
            reason,
        }
    }

    /// " (file:line)" of an outlet entry.
    fn where_from(&self, id: &str) -> String {
        self.origins
            .get(id)
            .map(|o| format!(" ({}:{})", o.path, o.line))
            .unwrap_or_default()
    }

    /// The axes narratives and coverage use: the built-in ones, then user-defined ones, in
    /// order of preference.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The value sets of every axis outlets may be rated on (contrasted or not).
    pub fn value_sets(&self) -> &[ValueSet] {
        &self.value_sets
    }

    /// Number of outlets.
    pub fn len(&self) -> usize {
        self.outlets.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.outlets.is_empty()
    }

    /// All outlets, by id.
    pub fn outlets(&self) -> impl Iterator<Item = &Outlet> {
        self.outlets.values()
    }

    /// One outlet by id.
    pub fn get(&self, id: &str) -> Option<&Outlet> {
        self.outlets.get(id)
    }

    /// The outlet of an article: by name or alias (case and "The " insensitive; a
    /// trailing qualifier in parentheses, as in "CNN (Online News)", is dropped when the
    /// whole name is unknown), else by the domain of its URL (sub-domains match their
    /// parent).
    pub fn lookup(&self, outlet: Option<&str>, url: Option<&str>) -> Option<&Outlet> {
        if let Some(name) = outlet.map(normalise_name).filter(|n| !n.is_empty()) {
            let by_name = self
                .by_name
                .get(&name)
                .or_else(|| self.by_name.get(&without_qualifier(&name)?))
                .and_then(|id| self.outlets.get(id));
            if by_name.is_some() {
                return by_name;
            }
        }
        let host = url.and_then(host_of)?;
        self.outlets.values().find(|o| {
            o.domains.iter().any(|d| {
                host.strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
            })
        })
    }
}

/// A normalised name without its trailing "(…)" qualifier ("cnn (online news)" → "cnn").
fn without_qualifier(name: &str) -> Option<String> {
    let stripped = name.strip_suffix(')')?;
    let open = stripped.rfind('(')?;
    let base = stripped[..open].trim_end();
    (!base.is_empty()).then(|| base.to_string())
}

fn normalise_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Host of a URL, lower-cased, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[outlet]]
id = "ledger"
name = "The Harbor Ledger"
domains = ["harborledger.example"]
aliases = ["Ledger"]
ratings.left_right = { value = "left", source = "Test", year = 2026 }
"#;

    #[test]
    fn builtin_registry_is_large_and_every_outlet_is_rated_on_the_builtin_axes() {
        let registry = Registry::builtin().unwrap();
        assert!(registry.len() >= 200, "{}", registry.len());
        for outlet in registry.outlets() {
            for axis in [
                "left_right",
                "establishment",
                "ownership",
                "state_affiliated",
                "reliability",
            ] {
                let rated = outlet.ratings.get(axis);
                assert!(rated.is_some(), "{} has no {axis} rating", outlet.id);
            }
            let establishment = &outlet.ratings["establishment"];
            assert!(
                establishment.evidence.is_some(),
                "{}: the establishment rating records its evidence",
                outlet.id
            );
            let ownership = &outlet.ratings["ownership"];
            assert!(ownership.evidence.is_some(), "{}", outlet.id);
            assert!(
                ownership.owner.is_some() || ownership.value == UNKNOWN,
                "{}: the owner is named where known",
                outlet.id
            );
        }
    }

    #[test]
    fn the_reference_briefing_outlets_are_placed_as_it_shows_them() {
        let registry = Registry::builtin().unwrap();
        let establishment = |name: &str| {
            registry.lookup(Some(name), None).unwrap().ratings["establishment"]
                .value
                .clone()
        };
        assert_eq!(establishment("CBS"), "pro");
        assert_eq!(establishment("New York Post"), "critical");
        assert_eq!(establishment("Fox News (Online News)"), "critical");
        assert_eq!(establishment("New York Times (News)"), "pro");
        let ft = registry.get("financial-times").unwrap();
        assert_eq!(ft.owned_by.as_deref(), Some("nikkei"));
    }

    #[test]
    fn user_axes_are_added_after_the_built_in_ones_and_validated() {
        let mut registry = Registry::default();
        let axis = "[[axis]]\nkey = \"war\"\nsides = [{ value = \"pro-a\", label = \"A narrative\" }, { value = \"pro-b\", label = \"B narrative\" }]\n";
        registry.add_toml("axes.toml", axis).unwrap();
        let keys: Vec<&str> = registry.axes().iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["left_right", "establishment", "war"]);
        assert!(registry.axes()[2].blindspots);
        let same_sides = axis.replace("pro-b", "pro-a");
        let err = registry.add_toml("bad.toml", &same_sides).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.toml:1: invalid outlet registry: axis \"war\""),
            "{err}"
        );
        assert!(
            err.to_string().contains("two different side values"),
            "{err}"
        );
    }

    #[test]
    fn ownership_becomes_a_contrast_axis_without_blindspots_unless_configured() {
        let mut registry = Registry::default();
        let ownership = r#"
[[axis]]
key = "ownership"
sides = [
  { value = "public", label = "Publicly owned outlets' narrative", values = ["public-broadcaster", "state"] },
  { value = "commercial", label = "Commercially owned outlets' narrative", values = ["listed-company", "private"] },
]
"#;
        registry.add_toml("own.toml", ownership).unwrap();
        let axis = registry.axes().last().unwrap();
        assert_eq!(axis.key, "ownership");
        assert!(!axis.blindspots, "ownership keeps the built-in setting");
        registry
            .add_toml(
                "own2.toml",
                &ownership.replace(
                    "key = \"ownership\"",
                    "key = \"ownership\"\nblindspots = true",
                ),
            )
            .unwrap();
        assert!(registry.axes().last().unwrap().blindspots);
        let err = registry
            .add_toml(
                "own3.toml",
                &ownership.replace("\"state\"]", "\"state-run\"]"),
            )
            .unwrap_err();
        assert!(err.to_string().contains("\"state-run\""), "{err}");
        assert!(err.to_string().starts_with("own3.toml:2: "), "{err}");
    }

    #[test]
    fn lookup_by_name_alias_and_domain() {
        let mut registry = Registry::default();
        registry.add_toml("t", SAMPLE).unwrap();
        assert_eq!(
            registry
                .lookup(Some("harbor ledger"), None)
                .map(|o| o.id.as_str()),
            Some("ledger")
        );
        assert_eq!(
            registry.lookup(Some("LEDGER"), None).map(|o| o.id.as_str()),
            Some("ledger")
        );
        assert_eq!(
            registry
                .lookup(Some("Harbor Ledger (Opinion)"), None)
                .map(|o| o.id.as_str()),
            Some("ledger")
        );
        let url = Some("https://news.harborledger.example/a/b?x=1");
        assert_eq!(
            registry.lookup(None, url).map(|o| o.id.as_str()),
            Some("ledger")
        );
        assert!(registry
            .lookup(Some("Unknown Gazette"), Some("https://else.example/"))
            .is_none());
    }

    #[test]
    fn later_files_override_by_id_and_bad_files_are_clear_errors() {
        let mut registry = Registry::default();
        registry.add_toml("t", SAMPLE).unwrap();
        registry
            .add_toml("u", &SAMPLE.replace("\"left\"", "\"center\""))
            .unwrap();
        assert_eq!(registry.len(), 1);
        assert_eq!(
            registry.outlets().next().unwrap().ratings["left_right"].value,
            "center"
        );
        let err = registry
            .add_toml("x.toml", "[[outlet]]\nid = 3")
            .unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
    }

    #[test]
    fn a_value_outside_its_axis_names_file_line_and_entry() {
        let mut registry = Registry::default();
        let err = registry
            .add_toml("bad.toml", &SAMPLE.replace("\"left\"", "\"upward\""))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.toml:7: invalid outlet registry: outlet \"ledger\": left_right value \"upward\" is not one of left, lean-left, center, lean-right, right, unknown"
        );
        let ownership = SAMPLE.to_string()
            + "ratings.ownership = { value = \"state-run\", source = \"Test\", year = 2026 }\n";
        let err = registry.add_toml("own.toml", &ownership).unwrap_err();
        assert!(
            err.to_string().starts_with("own.toml:8: invalid outlet registry: outlet \"ledger\": ownership value \"state-run\""),
            "{err}"
        );
        assert!(registry.is_empty(), "a failed file changes nothing");
        let unknown = SAMPLE.replace("\"left\"", "\"unknown\"");
        registry.add_toml("ok.toml", &unknown).unwrap();
    }

    #[test]
    fn an_unknown_axis_names_file_line_and_entry() {
        let mut registry = Registry::default();
        let err = registry
            .add_toml(
                "bad.toml",
                &SAMPLE.replace("ratings.left_right", "ratings.left_rihgt"),
            )
            .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "bad.toml:7: invalid outlet registry: outlet \"ledger\": rating \"left_rihgt\" is not a known axis"
            ),
            "{err}"
        );
        let axis = "[[axis]]\nkey = \"left_rihgt\"\nvalues = [\"left\"]\n";
        let defined = format!(
            "{axis}{}",
            SAMPLE.replace("ratings.left_right", "ratings.left_rihgt")
        );
        registry.add_toml("ok.toml", &defined).unwrap();
    }

    #[test]
    fn two_outlets_claiming_one_domain_is_an_error_naming_both() {
        let mut registry = Registry::default();
        registry.add_toml("first.toml", SAMPLE).unwrap();
        let rival = "\n\n[[outlet]]\nid = \"rival\"\nname = \"Rival\"\ndomains = [\"www.HarborLedger.example\"]\n";
        let err = registry.add_toml("second.toml", rival).unwrap_err();
        assert_eq!(
            err.to_string(),
            "second.toml:3: invalid outlet registry: outlet \"rival\": domain \"harborledger.example\" is already claimed by outlet \"ledger\" (first.toml:2)"
        );
        // Replacing the outlet by id keeps its domain: no conflict.
        registry
            .add_toml(
                "third.toml",
                &SAMPLE.replace("Harbor Ledger", "Harbour Ledger"),
            )
            .unwrap();
    }

    #[test]
    fn ownership_cycles_and_unknown_owners_are_errors_and_ownership_is_inherited() {
        let outlet = |id: &str, owner: &str, rated: bool| {
            format!(
                "[[outlet]]\nid = \"{id}\"\nname = \"{id}\"\nowned_by = \"{owner}\"\n{}\n",
                if rated {
                    "ratings.ownership = { value = \"private\", owner = \"Family\", source = \"Test\", year = 2026 }"
                } else {
                    ""
                }
            )
        };
        let mut registry = Registry::default();
        let cycle = outlet("a", "b", false) + &outlet("b", "a", false);
        let err = registry.add_toml("cycle.toml", &cycle).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cycle.toml:1: invalid outlet registry: outlet \"a\": ownership cycle: a -> b -> a"
        );
        let err = registry
            .add_toml("lost.toml", &outlet("a", "nobody", false))
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("owned_by \"nobody\" is not an outlet of the registry"),
            "{err}"
        );
        let chain = outlet("parent", "grand", true).replace("owned_by = \"grand\"\n", "")
            + &outlet("child", "parent", false);
        registry.add_toml("chain.toml", &chain).unwrap();
        let child = &registry.get("child").unwrap().ratings["ownership"];
        assert_eq!(
            (child.value.as_str(), child.owner.as_deref()),
            ("private", Some("Family"))
        );
        // A later file that closes the loop is refused, and the registry stays as it was.
        let closing = outlet("parent", "child", true);
        let err = registry.add_toml("close.toml", &closing).unwrap_err();
        assert!(err.to_string().contains("ownership cycle"), "{err}");
        assert!(registry.get("parent").unwrap().owned_by.is_none());
    }

    #[test]
    fn the_builtin_registry_still_loads_after_a_bad_user_file() {
        let mut registry = Registry::builtin().unwrap();
        let before = registry.len();
        let bad =
            "[[outlet]]\nid = \"fake-times\"\nname = \"Fake Times\"\ndomains = [\"nytimes.com\"]\n";
        let err = registry.add_toml("mine.toml", bad).unwrap_err();
        assert!(
            err.to_string()
                .contains("is already claimed by outlet \"new-york-times\" (data/outlets.toml:"),
            "{err}"
        );
        assert_eq!(registry.len(), before);
        assert!(Registry::builtin().is_ok());
    }
}
