//! The harness: every side of a figure measured once per round, rounds after rounds, so that a
//! machine whose load changes (other builds on the same two cores) weighs on every side alike.
//!
//! criterion and divan do not fit: each runs one benchmark's whole sampling loop before the next,
//! so two sides are never measured back to back, and neither pairs measurements into ratios,
//! measures peak heap or times a cargo build. This is the small part of them we need.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One side of a figure: each call measures once and returns the measurement (seconds per
/// iteration, bytes...).
pub type Side<'a> = Box<dyn FnMut() -> f64 + 'a>;

/// Calls each side once per round for `rounds` rounds, after one warm-up round whose measurements
/// are dropped. Round `r` starts with side `r % n` and goes on in order, so that no side always
/// runs first (first after a pause, or right after the same other side). Returns each side's
/// measurements in round order.
pub fn interleave(rounds: usize, sides: &mut [Side<'_>]) -> Vec<Vec<f64>> {
    let n = sides.len();
    for side in sides.iter_mut() {
        black_box(side());
    }
    let mut measured = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let index = (round + k) % n;
            measured[index].push(sides[index]());
        }
    }
    measured
}

/// A side that times batches of `f`: the batch size is chosen on the first call so that a batch
/// lasts about `target`, and each call returns seconds per iteration.
pub fn timed<'a, R>(target: Duration, mut f: impl FnMut() -> R + 'a) -> Side<'a> {
    let mut iterations = None;
    Box::new(move || {
        let n = *iterations.get_or_insert_with(|| {
            let started = Instant::now();
            black_box(f());
            let once = started.elapsed().max(Duration::from_nanos(1));
            (target.as_secs_f64() / once.as_secs_f64()).ceil().max(1.0) as u64
        });
        let started = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        started.elapsed().as_secs_f64() / n as f64
    })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    #[test]
    fn every_side_leads_in_turn_after_a_warm_up() {
        let order = RefCell::new(Vec::new());
        let mut sides: Vec<Side<'_>> = (0..3)
            .map(|k| {
                let order = &order;
                Box::new(move || {
                    order.borrow_mut().push(k);
                    k as f64
                }) as Side<'_>
            })
            .collect();
        let measured = interleave(3, &mut sides);
        assert_eq!(*order.borrow(), [0, 1, 2, /* rounds */ 0, 1, 2, 1, 2, 0, 2, 0, 1]);
        assert_eq!(measured, [vec![0.0; 3], vec![1.0; 3], vec![2.0; 3]]);
    }

    #[test]
    fn timed_sides_report_time_per_iteration() {
        let calls = RefCell::new(0u64);
        let mut side = timed(Duration::from_millis(100), || {
            *calls.borrow_mut() += 1;
            std::thread::sleep(Duration::from_millis(1));
        });
        let per_iteration = side();
        let batch = *calls.borrow() - 1;
        // Batches of about 100 ms of 1 ms sleeps: many iterations (unless one sleep overslept by
        // 50 ms), and each at least 1 ms.
        assert!(batch > 1, "{batch}");
        assert!(per_iteration >= 0.001, "{per_iteration}");
        side();
        assert_eq!(*calls.borrow(), 1 + 2 * batch, "the batch size is kept");
    }
}
