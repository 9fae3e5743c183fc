//! The outlet registry: who an article's outlet is and how it is rated.
//!
//! The default registry is `data/outlets.toml` (built in); `--outlets FILE` files in the
//! same format add outlets or replace those with the same `id`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use parallax_model::Outlet;

use crate::axis::Axis;

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
}

#[derive(Deserialize)]
struct RegistryFile {
    #[serde(default)]
    axis: Vec<Axis>,
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// Outlets by id, and the axes they are rated on.
#[derive(Debug, Clone)]
pub struct Registry {
    outlets: BTreeMap<String, Outlet>,
    axes: Vec<Axis>,
    /// Normalised names and aliases, each with the id of the first outlet (in id order)
    /// that carries it: every article of every briefing is looked up.
    by_name: HashMap<String, String>,
}

impl Default for Registry {
    /// No outlets; the built-in axes.
    fn default() -> Self {
        Registry {
            outlets: BTreeMap::new(),
            axes: Axis::builtin(),
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

    /// Add the outlets of registry TOML text (`path` names it in errors).
    pub fn add_toml(&mut self, path: &str, source: &str) -> Result<(), RegistryError> {
        let added = self.add_entries(path, source);
        self.index_names();
        added
    }

    /// Rebuild the name index after outlets changed.
    fn index_names(&mut self) {
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
        let file: RegistryFile = toml::from_str(source).map_err(|e| invalid(e.to_string()))?;
        for axis in file.axis {
            if axis.key.trim().is_empty() || axis.sides[0].value == axis.sides[1].value {
                return Err(invalid(format!(
                    "axis {:?} needs a key and two different side values",
                    axis.key
                )));
            }
            match self.axes.iter_mut().find(|a| a.key == axis.key) {
                Some(existing) => *existing = axis,
                None => self.axes.push(axis),
            }
        }
        for outlet in file.outlet {
            if outlet.id.trim().is_empty() || outlet.name.trim().is_empty() {
                return Err(invalid(format!(
                    "outlet {:?} needs an id and a name",
                    outlet.name
                )));
            }
            for (axis, rated) in &outlet.ratings {
                if rated.source.trim().is_empty() {
                    return Err(invalid(format!(
                        "outlet {}: rating {axis} does not say its source",
                        outlet.id
                    )));
                }
                if axis == "left_right" && parallax_model::Lean::parse(&rated.value).is_none() {
                    return Err(invalid(format!(
                        "outlet {}: left_right value {:?} is not one of left, lean-left, center, lean-right, right",
                        outlet.id, rated.value
                    )));
                }
            }
            self.outlets.insert(outlet.id.clone(), outlet);
        }
        Ok(())
    }

    /// The axes narratives and coverage use: the built-in ones, then user-defined ones, in
    /// order of preference.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
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

    /// The outlet of an article: by name or alias (case and "The " insensitive), else by
    /// the domain of its URL (sub-domains match their parent).
    pub fn lookup(&self, outlet: Option<&str>, url: Option<&str>) -> Option<&Outlet> {
        if let Some(name) = outlet.map(normalise_name).filter(|n| !n.is_empty()) {
            let by_name = self.by_name.get(&name).and_then(|id| self.outlets.get(id));
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
    fn builtin_registry_is_large_and_every_rating_names_its_source() {
        let registry = Registry::builtin().unwrap();
        assert!(registry.len() >= 60, "{}", registry.len());
        for outlet in registry.outlets() {
            let lr = outlet.ratings.get("left_right");
            assert!(lr.is_some(), "{} has no left_right rating", outlet.id);
            assert!(
                outlet.ratings.contains_key("establishment"),
                "{}",
                outlet.id
            );
        }
    }

    #[test]
    fn user_axes_are_added_after_the_built_in_ones_and_validated() {
        let mut registry = Registry::default();
        let axis = "[[axis]]\nkey = \"war\"\nsides = [{ value = \"pro-a\", label = \"A narrative\" }, { value = \"pro-b\", label = \"B narrative\" }]\n";
        registry.add_toml("axes.toml", axis).unwrap();
        let keys: Vec<&str> = registry.axes().iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["left_right", "establishment", "war"]);
        let same_sides = axis.replace("pro-b", "pro-a");
        let err = registry.add_toml("bad.toml", &same_sides).unwrap_err();
        assert!(
            err.to_string().contains("two different side values"),
            "{err}"
        );
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
            .add_toml("bad.toml", &SAMPLE.replace("\"left\"", "\"upward\""))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.toml: invalid outlet registry"),
            "{err}"
        );
        let err = registry
            .add_toml("x.toml", "[[outlet]]\nid = 3")
            .unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
    }
}
