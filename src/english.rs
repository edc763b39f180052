//! Counts and figures in the tool's own English messages (validate's report, the lines on
//! stderr): "1 day", "2 days", never "-0". The maps' words are in [`crate::i18n`].

/// `n` with its noun, singular for one: `count(1, "day", "days")` is "1 day".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `value` with `decimals` decimals, never "-0" (a sum of no areas is -0.0, and -0.2 rounds to
/// "-0"): a sign means a loss, so it only shows where the figure shows one.
pub fn figure(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(digits) if digits.chars().all(|c| c == '0' || c == '.') => digits.to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "day", "days"), "1 day");
        assert_eq!(count(0, "day", "days"), "0 days");
        assert_eq!(count(27, "format", "formats"), "27 formats");
    }

    #[test]
    fn no_figure_is_negative_zero() {
        assert_eq!(figure(-0.0, 0), "0");
        assert_eq!(figure(-0.3, 0), "0");
        assert_eq!(figure(-0.04, 1), "0.0");
        assert_eq!(figure(-0.6, 0), "-1");
        assert_eq!(figure(8201.4, 0), "8201");
        assert_eq!(figure(12.25, 1), "12.2");
    }
}
