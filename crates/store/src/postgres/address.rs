//! Database addresses: which backend an address names, and how it is shown in errors
//! and messages (never with its password).

/// Whether `address` names a PostgreSQL database (`postgres://…` or `postgresql://…`)
/// rather than an SQLite file.
pub fn is_postgres_address(address: &str) -> bool {
    let lower = address.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The address without its password, for messages: `postgres://user:secret@host/db`
/// becomes `postgres://user@host/db`, and a `password=` parameter is dropped.
pub fn redact(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_string();
    };
    // The authority ends at the first `/` or `?` after the last `@` of the user info
    // (a password may itself contain `/` or `?` when it is not percent-encoded).
    let (authority, tail) = match rest.rfind('@') {
        Some(at) => {
            let end = rest[at..].find(['/', '?']).map_or(rest.len(), |i| at + i);
            rest.split_at(end)
        }
        None => rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len())),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or("");
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| {
                    !p.split('=')
                        .next()
                        .unwrap_or("")
                        .eq_ignore_ascii_case("password")
                })
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_shown_without_their_password() {
        assert_eq!(
            redact("postgres://news:s3cret@db.example:5432/parallax"),
            "postgres://news@db.example:5432/parallax"
        );
        assert_eq!(
            redact("postgresql://news:p/a?s@s@db.example/parallax?sslmode=disable&password=x"),
            "postgresql://news@db.example/parallax?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://db.example/parallax?password=x"),
            "postgres://db.example/parallax"
        );
        assert_eq!(
            redact("postgres://news@db.example"),
            "postgres://news@db.example"
        );
    }

    #[test]
    fn postgres_addresses_are_told_from_paths() {
        assert!(is_postgres_address("postgres://localhost/parallax"));
        assert!(is_postgres_address("PostgreSQL://localhost/parallax"));
        assert!(!is_postgres_address("/var/lib/parallax/parallax.db"));
        assert!(!is_postgres_address("postgres.db"));
    }
}
