//! The figures as the benchmark reports them: one line each, and the same as JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::rounds::Clock;

/// Smallest, median and largest of a figure's measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Stats {
    /// The statistics of `values`, which must not be empty; the median of an even count is the
    /// mean of the two middle values.
    pub fn of(values: &[f64]) -> Stats {
        assert!(!values.is_empty(), "no measurement");
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) { (sorted[mid - 1] + sorted[mid]) / 2.0 } else { sorted[mid] };
        Stats { min: sorted[0], median, max: sorted[sorted.len() - 1] }
    }

    fn scaled(self, by: f64) -> Stats {
        Stats { min: self.min * by, median: self.median * by, max: self.max * by }
    }
}

/// A unit a figure is shown in, and how many of it make one base unit (second or byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    #[serde(rename = "s")]
    Seconds,
    #[serde(rename = "ms")]
    Millis,
    #[serde(rename = "µs")]
    Micros,
    #[serde(rename = "KiB")]
    KiB,
}

impl Unit {
    fn symbol(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Millis => "ms",
            Unit::Micros => "µs",
            Unit::KiB => "KiB",
        }
    }

    fn per_base(self) -> f64 {
        match self {
            Unit::Seconds => 1.0,
            Unit::Millis => 1e3,
            Unit::Micros => 1e6,
            Unit::KiB => 1.0 / 1024.0,
        }
    }
}

/// One figure: our side against the peer's, measured in the same rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub name: String,
    /// What the peer is, in a few words.
    pub peer_is: String,
    pub unit: Unit,
    /// In `unit`.
    pub ours: Stats,
    /// In `unit`.
    pub peer: Stats,
    /// Of ours / peer, round by round: each round's two measurements were taken back to back.
    pub ratio: Stats,
    pub rounds: usize,
    /// For times, what was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// What else the run found out (correctness counts, sizes), one fact each.
    pub notes: Vec<String>,
}

impl Figure {
    /// A figure from the measurements of both sides in base units (seconds or bytes), one per round
    /// and in round order, so that `ours[i]` and `peer[i]` were taken in the same round.
    pub fn new(name: &str, peer_is: &str, unit: Unit, ours: &[f64], peer: &[f64]) -> Figure {
        assert_eq!(ours.len(), peer.len(), "{name}: both sides need one measurement per round");
        let ratios: Vec<f64> = ours.iter().zip(peer).map(|(o, p)| o / p).collect();
        Figure {
            name: name.to_owned(),
            peer_is: peer_is.to_owned(),
            unit,
            ours: Stats::of(ours).scaled(unit.per_base()),
            peer: Stats::of(peer).scaled(unit.per_base()),
            ratio: Stats::of(&ratios),
            rounds: ours.len(),
            clock: None,
            notes: Vec::new(),
        }
    }

    pub fn clock(mut self, clock: Clock) -> Figure {
        self.clock = Some(clock);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Figure {
        self.notes.push(note.into());
        self
    }

    /// `name: ours=<x><unit> peer=<y><unit> ratio=<r> (min/median/max)`, each of x, y and r
    /// written as min/median/max.
    pub fn line(&self) -> String {
        let unit = self.unit.symbol();
        let mut line = format!(
            "{}: ours={}{unit} peer={}{unit} ratio={} (min/median/max)",
            self.name,
            triple(self.ours, significant),
            triple(self.peer, significant),
            triple(self.ratio, |r| format!("{r:.3}")),
        );
        for note in &self.notes {
            let _ = write!(line, "\n    {note}");
        }
        line
    }
}

fn triple(stats: Stats, show: impl Fn(f64) -> String) -> String {
    format!("{}/{}/{}", show(stats.min), show(stats.median), show(stats.max))
}

/// Three significant digits, without exponent: 12.4, 0.982, 1234.
fn significant(value: f64) -> String {
    let magnitude = if value == 0.0 { 0 } else { value.abs().log10().floor() as i32 };
    let decimals = (2 - magnitude).clamp(0, 6) as usize;
    format!("{value:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_has_the_documented_format() {
        let figure = Figure::new(
            "generate/progenitor-builder",
            "progenitor builder style",
            Unit::Millis,
            &[0.0124, 0.0121, 0.0130],
            &[0.0370, 0.0380, 0.0361],
        );
        assert_eq!(
            figure.line(),
            "generate/progenitor-builder: ours=12.1/12.4/13.0ms peer=36.1/37.0/38.0ms \
             ratio=0.318/0.335/0.360 (min/median/max)"
        );
    }

    #[test]
    fn ratios_pair_measurements_of_the_same_round() {
        // Round by round ours takes half the peer's time but once, when the machine was busier
        // for it; the ratio of the medians (4 / 3) would hide that.
        let figure = Figure::new("x", "y", Unit::Seconds, &[1.0, 10.0, 4.0], &[2.0, 20.0, 3.0]);
        assert_eq!(figure.ratio, Stats { min: 0.5, median: 0.5, max: 4.0 / 3.0 });
    }

    #[test]
    fn notes_follow_the_line_indented() {
        let figure = Figure::new("memory", "10 pages", Unit::KiB, &[2048.0], &[1024.0]).note("fetches: 1000 and 10");
        assert_eq!(
            figure.line(),
            "memory: ours=2.00/2.00/2.00KiB peer=1.00/1.00/1.00KiB ratio=2.000/2.000/2.000 (min/median/max)\n    fetches: 1000 and 10"
        );
    }

    #[test]
    fn stats_take_the_middle_of_even_counts() {
        assert_eq!(Stats::of(&[4.0, 1.0, 3.0, 2.0]), Stats { min: 1.0, median: 2.5, max: 4.0 });
        assert_eq!(Stats::of(&[2.0, 9.0, 1.0]).median, 2.0);
    }

    #[test]
    fn significant_digits() {
        assert_eq!(significant(12.44), "12.4");
        assert_eq!(significant(0.98249), "0.982");
        assert_eq!(significant(1234.4), "1234");
        assert_eq!(significant(5.0), "5.00");
        assert_eq!(significant(0.0), "0.00");
    }
}
