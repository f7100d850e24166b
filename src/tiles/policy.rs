//! Which tile server a URL template names, and whether its usage policy allows offline
//! packages.
//!
//! A template is compared by its parsed host, never by its text: the host is taken from the
//! URL as a browser would read it (user info and port ignored, upper case folded,
//! internationalised names mapped and turned into their ASCII form, percent escapes decoded,
//! a trailing dot dropped). A host is a provider's when it is the provider's domain or one of
//! its subdomains. So `https://user@TILE.OpenStreetMap.org.:443/{z}/{x}/{y}.png` is
//! OpenStreetMap, and `https://openstreetmap.org.example.com/…` is not.
//!
//! A template must name `{z}`, `{x}` and `{y}` and be an http(s) URL with a host; anything
//! else is refused with a German message before a tile is asked for.

use reqwest::Url;

use super::{Source, SourceKind};

/// Domains whose providers forbid bulk downloads (their catalogue sources say
/// `bulk_download: false`), with every subdomain.
pub fn refused_domains() -> Vec<(String, String)> {
    Source::catalogue()
        .into_iter()
        .filter(|s| !s.bulk_download)
        .filter_map(|s| {
            let SourceKind::Xyz { template } = &s.kind else {
                return None;
            };
            let host = template_host(template)?;
            Some((registrable(&host).to_owned(), s.name))
        })
        .collect()
}

/// The last two labels of a host name ("tile.openstreetmap.org" → "openstreetmap.org"). The
/// catalogue's providers all sit directly under a top-level domain.
fn registrable(host: &str) -> &str {
    let mut dots = host.rmatch_indices('.');
    match (dots.next(), dots.next()) {
        (Some(_), Some((i, _))) => &host[i + 1..],
        _ => host,
    }
}

/// The template with every `{…}` placeholder filled with something a URL parser accepts.
fn filled(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template.trim();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = &rest[open + 1..open + close];
                out.push_str(if matches!(name, "z" | "x" | "y" | "-y") {
                    "0"
                } else {
                    "a"
                });
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The normalised host of a template: lower case, ASCII (IDN mapped), no trailing dot, without
/// port and user info. `None` when the template is no URL with a host.
pub fn template_host(template: &str) -> Option<String> {
    let url = Url::parse(&filled(template)).ok()?;
    let host = url.host_str()?;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Whether `host` is `domain` or one of its subdomains (both normalised).
pub fn host_in_domain(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Why a template cannot be used (German), if it cannot: it must name `{z}`, `{x}` and `{y}`
/// and be an http(s) URL with a host.
pub fn check_template(template: &str) -> Result<(), String> {
    let t = template.trim();
    let missing: Vec<&str> = ["{z}", "{x}", "{y}"]
        .into_iter()
        .filter(|p| !t.contains(p))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Die URL-Vorlage braucht die Platzhalter {{z}}, {{x}} und {{y}} – es fehlt {}: {t}",
            missing.join(", ")
        ));
    }
    let url = Url::parse(&filled(t))
        .map_err(|e| format!("Die URL-Vorlage ist keine gültige Adresse ({e}): {t}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "Die URL-Vorlage muss mit http:// oder https:// beginnen: {t}"
        ));
    }
    if template_host(t).is_none() {
        return Err(format!("Die URL-Vorlage nennt keinen Server: {t}"));
    }
    Ok(())
}

/// The name of the provider whose policy forbids bulk downloads from this template's host.
pub fn refusing_provider(template: &str) -> Option<String> {
    let host = template_host(template)?;
    refused_domains()
        .into_iter()
        .find(|(domain, _)| host_in_domain(&host, domain))
        .map(|(_, name)| name)
}

/// The catalogue source a template belongs to (so its policy and attribution apply), else a
/// custom one. Refused providers match by domain (any subdomain), the others by their host.
pub fn source_for_template(template: &str, attribution: Option<&str>, max_zoom: u8) -> Source {
    let wanted = template_host(template);
    let known = wanted.as_deref().and_then(|wanted| {
        Source::catalogue().into_iter().find(|s| match &s.kind {
            SourceKind::Xyz { template: t } => template_host(t).is_some_and(|h| {
                let domain = if s.bulk_download {
                    h.as_str()
                } else {
                    registrable(&h)
                };
                host_in_domain(wanted, domain)
            }),
            _ => false,
        })
    });
    match known {
        Some(mut s) => {
            s.kind = SourceKind::Xyz {
                template: template.trim().to_owned(),
            };
            s
        }
        None => Source::custom(template, attribution.unwrap_or(""), max_zoom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_parsed_and_normalised() {
        let osm = [
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://tile.openstreetmap.org:443/{z}/{x}/{y}.png",
            "https://tile.openstreetmap.org./{z}/{x}/{y}.png",
            "https://user:pw@tile.openstreetmap.org/{z}/{x}/{y}.png",
            "HTTPS://TILE.OPENSTREETMAP.ORG/{z}/{x}/{y}.png",
            "https://a.tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://openstreetmap.org/{z}/{x}/{y}.png",
            // Full-width letters: IDNA maps them to ASCII, as a browser does.
            "https://tile.\u{ff4f}penstreetmap.org/{z}/{x}/{y}.png",
            "https://tile.openstreetmap%2eorg/{z}/{x}/{y}.png",
            "  https://tile.openstreetmap.org/{z}/{x}/{y}.png  ",
        ];
        for t in osm {
            assert_eq!(
                refusing_provider(t).as_deref(),
                Some("OpenStreetMap"),
                "{t}"
            );
            assert!(
                source_for_template(t, None, 19).bulk_refusal().is_some(),
                "{t}"
            );
        }
        assert_eq!(
            refusing_provider("https://B.Tile.OpenTopoMap.org./{z}/{x}/{y}.png").as_deref(),
            Some("OpenTopoMap")
        );
        for t in [
            "https://openstreetmap.org.example.com/{z}/{x}/{y}.png",
            "https://notopenstreetmap.org/{z}/{x}/{y}.png",
            "https://tiles.stadt.example/{z}/{x}/{y}.png",
            "http://127.0.0.1:8080/{z}/{x}/{y}.png",
        ] {
            assert_eq!(refusing_provider(t), None, "{t}");
            assert!(
                source_for_template(t, None, 19).bulk_refusal().is_none(),
                "{t}"
            );
        }
        assert_eq!(
            template_host("https://u@Sgx.Geodatenzentrum.DE.:443/x/{z}/{y}/{x}.png").as_deref(),
            Some("sgx.geodatenzentrum.de")
        );
    }

    #[test]
    fn a_template_without_its_placeholders_is_refused() {
        assert!(check_template("https://tiles.example/{z}/{x}/{y}.png").is_ok());
        let e = check_template("https://tiles.example/tile.png").err();
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("{z}, {x}, {y}") && e.starts_with("Die URL-Vorlage")),
            "{e:?}"
        );
        let e = check_template("https://tiles.example/{z}/{x}.png").err();
        assert!(
            e.as_deref().is_some_and(|e| e.contains("es fehlt {y}")),
            "{e:?}"
        );
        assert!(check_template("ftp://tiles.example/{z}/{x}/{y}.png").is_err());
        assert!(check_template("{z}/{x}/{y}.png").is_err());
        assert!(check_template("file:///tmp/{z}/{x}/{y}.png").is_err());
    }
}
