//! The harness: every side of a figure measured once per round, rounds after rounds, so that a
//! machine whose load changes (other builds on the same two cores) weighs on every side alike.
//!
//! criterion and divan do not fit: each runs one benchmark's whole sampling loop before the next,
//! so two sides are never measured back to back, and neither pairs measurements into ratios,
//! measures peak heap or times a cargo build. This is the small part of them we need.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;
use serde::Serialize;

/// What a timed side measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Elapsed time: what a caller waits, scheduling and other processes included.
    Wall,
    /// CPU time of the measuring thread, for work done on that thread alone: the same as wall
    /// time on an idle machine, and not inflated when other processes take the cores.
    ThreadCpu,
}

impl Clock {
    fn time<R>(self, n: u64, f: &mut impl FnMut() -> R) -> Duration {
        match self {
            Clock::Wall => {
                let started = Instant::now();
                for _ in 0..n {
                    black_box(f());
                }
                started.elapsed()
            }
            Clock::ThreadCpu => {
                let started = ThreadTime::now();
                for _ in 0..n {
                    black_box(f());
                }
                started.elapsed()
            }
        }
    }
}

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

/// A side that times batches of `f` on `clock`: the batch size is chosen on the first call so that
/// a batch lasts about `target`, and each call returns seconds per iteration.
pub fn timed<'a, R>(clock: Clock, target: Duration, mut f: impl FnMut() -> R + 'a) -> Side<'a> {
    let mut iterations = None;
    Box::new(move || {
        let n = *iterations.get_or_insert_with(|| {
            let once = clock.time(1, &mut f).max(Duration::from_nanos(1));
            (target.as_secs_f64() / once.as_secs_f64()).ceil().max(1.0) as u64
        });
        clock.time(n, &mut f).as_secs_f64() / n as f64
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
        let mut side = timed(Clock::Wall, Duration::from_millis(100), || {
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

    #[test]
    fn thread_cpu_time_leaves_out_waiting() {
        // Sleeping takes wall time but next to no CPU time: 2 ms of sleep must not count as 2 ms.
        // (A small target: batches are sized on CPU time, so a sleep looks almost free.)
        let mut side = timed(Clock::ThreadCpu, Duration::from_micros(200), || {
            std::thread::sleep(Duration::from_millis(2));
        });
        let per_iteration = side();
        assert!(per_iteration < 0.001, "{per_iteration}");
        let mut spin = timed(Clock::ThreadCpu, Duration::from_millis(5), || {
            let started = Instant::now();
            while started.elapsed() < Duration::from_millis(2) {
                black_box(0);
            }
        });
        // Spinning is CPU time: at most the 2 ms spun (less only when the thread was preempted).
        let spun = spin();
        assert!(spun > 0.0001 && spun < 0.010, "{spun}");
    }
}
