//! A template's `CHANGELOG.md`: one `## VERSION` section per release, newest first, as the
//! embedded templates keep it. `update` quotes the sections a module crosses.

use semver::Version;

/// The file beside `template.toml` that holds the changelog.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// One release's section: its version and the text under its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The version of the heading.
    pub version: Version,
    /// The section's text, trimmed.
    pub text: String,
}

/// The sections of versions after `from`, up to and including `to`, oldest first. A heading
/// is `## VERSION`, optionally `## [VERSION]` or followed by ` - DATE`; sections whose heading
/// is not a version (`## Unreleased`) are left out.
pub fn between(changelog: &str, from: &Version, to: &Version) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut current: Option<(Version, String)> = None;
    for line in changelog.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            entries.extend(current.take());
            current = heading_version(heading).map(|v| (v, String::new()));
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    entries.extend(current);
    let mut out: Vec<Entry> = entries
        .into_iter()
        .filter(|(v, _)| v > from && v <= to)
        .map(|(version, text)| Entry {
            version,
            text: text.trim().to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.version.cmp(&b.version));
    out
}

fn heading_version(heading: &str) -> Option<Version> {
    let word = heading.split_whitespace().next()?;
    let word = word.trim_start_matches('[').trim_end_matches(']');
    Version::parse(word.trim_start_matches('v')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGELOG: &str = "# Changelog\n\n## Unreleased\n\n- soon\n\n## 1.2.0 - 2026-11-02\n\n- two\n\n## [1.1.0]\n\n- one\n  more\n\n## 1.0.0\n\n- first\n";

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn the_sections_crossed_come_oldest_first() {
        let entries = between(CHANGELOG, &v("1.0.0"), &v("1.2.0"));
        let versions: Vec<String> = entries.iter().map(|e| e.version.to_string()).collect();
        assert_eq!(versions, ["1.1.0", "1.2.0"]);
        assert_eq!(entries[0].text, "- one\n  more");
        assert_eq!(entries[1].text, "- two");
    }

    #[test]
    fn the_recorded_version_and_later_releases_are_left_out() {
        let entries = between(CHANGELOG, &v("1.1.0"), &v("1.1.0"));
        assert!(entries.is_empty());
        let entries = between(CHANGELOG, &v("0.9.0"), &v("1.0.0"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].text, "- first");
    }
}
