//! Ordered parallel map with back-pressure, for coding articles on every core.
//!
//! One feeder thread pulls items from the input, `threads` workers transform them, and the
//! calling thread hands the results to a sink **in input order**. At most `window` items are
//! in flight at any time (queued, being worked on, or waiting for an earlier one), so memory
//! stays bounded however large the input, and a slow consumer slows the reader down.
//! Results are emitted as soon as they are next in order, so a streaming consumer (Spark's
//! `pipe`, `parallel --pipe`) sees each article's output without waiting for a batch.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Condvar, Mutex};

/// Counts items in flight and lets the feeder wait while the window is full.
struct Window {
    in_flight: Mutex<usize>,
    freed: Condvar,
    size: usize,
}

impl Window {
    fn acquire(&self) {
        let mut n = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= self.size {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
    }

    fn release(&self) {
        let mut n = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        self.freed.notify_one();
    }
}

/// Apply `f` to every item on `threads` workers; call `sink` with the results in input order.
/// With one thread everything runs on the calling thread. The first error from `sink` stops
/// the run and is returned.
pub fn ordered_map<I, T, R, F, S, E>(input: I, threads: usize, f: F, mut sink: S) -> Result<(), E>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    S: FnMut(R) -> Result<(), E>,
{
    if threads <= 1 {
        for item in input {
            sink(f(item))?;
        }
        return Ok(());
    }
    let window = Window {
        in_flight: Mutex::new(0),
        freed: Condvar::new(),
        size: threads * 4,
    };
    let (job_tx, job_rx) = sync_channel::<(u64, T)>(threads * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = sync_channel::<(u64, R)>(threads * 2);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (window, stop, f, job_rx) = (&window, &stop, &f, &job_rx);
        scope.spawn(move || {
            for (i, item) in (0u64..).zip(input) {
                window.acquire();
                if stop.load(std::sync::atomic::Ordering::Relaxed)
                    || job_tx.send((i, item)).is_err()
                {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            scope.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((i, item)) = job else { break };
                if done_tx.send((i, f(item))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let result = drain_in_order(&done_rx, window, &mut sink);
        if result.is_err() {
            // Unblock the feeder and workers: stop feeding and drop what is still coming.
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            for _ in 0..window.size * 2 {
                window.release();
            }
            while done_rx.recv().is_ok() {}
        }
        result
    })
}

fn drain_in_order<R, S, E>(
    done: &Receiver<(u64, R)>,
    window: &Window,
    sink: &mut S,
) -> Result<(), E>
where
    S: FnMut(R) -> Result<(), E>,
{
    let mut pending: BTreeMap<u64, R> = BTreeMap::new();
    let mut next = 0u64;
    for (i, r) in done.iter() {
        pending.insert(i, r);
        while let Some(r) = pending.remove(&next) {
            sink(r)?;
            window.release();
            next += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ordered_map;

    #[test]
    fn keeps_input_order_whatever_the_timing() {
        for threads in [1, 2, 4, 8] {
            let mut out = Vec::new();
            ordered_map(
                0..200u64,
                threads,
                |i| {
                    // Later items finish first, often.
                    std::thread::sleep(std::time::Duration::from_micros((200 - i) % 7 * 50));
                    i * i
                },
                |r| -> Result<(), ()> {
                    out.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(
                out,
                (0..200u64).map(|i| i * i).collect::<Vec<_>>(),
                "threads {threads}"
            );
        }
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut seen = 0;
        let r = ordered_map(
            0..10_000u32,
            4,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("stop"));
        assert_eq!(seen, 11);
    }

    #[test]
    fn in_flight_items_are_bounded() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let mut emitted = 0usize;
        let mut max_ahead = 0usize;
        ordered_map(
            0..2_000u32,
            2,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| -> Result<(), ()> {
                emitted += 1;
                max_ahead = max_ahead.max(started.load(Ordering::SeqCst) - emitted);
                Ok(())
            },
        )
        .unwrap();
        assert!(
            max_ahead <= 8,
            "at most threads * 4 items in flight, saw {max_ahead}"
        );
    }
}
