//! Jobs run on several threads at once, their results handed over in the order the jobs came:
//! how a file's windows are recognized concurrently while its words stay in order.
//!
//! Each job runs on a thread of its own, and a job is only taken from the source once fewer
//! than `workers` are running, so at most `workers` jobs (a window of samples each) are in
//! memory, plus the results that finished before an earlier job's.

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

/// What a job's thread reports: its result, or the panic that stopped it.
type Report<R, E> = (usize, Result<Result<R, E>, Box<dyn Any + Send>>);

/// Runs `work` on each job of `jobs`, up to `workers` at a time, and gives the results to
/// `done` in the order of the jobs. An error of `jobs`, or of `work` once the results before
/// it are handed over, stops it: no job is taken after it, and the ones running are waited
/// for. A panic in `work` is resumed on the calling thread.
pub(crate) fn in_order<J, R, E>(
    workers: usize,
    jobs: impl IntoIterator<Item = Result<J, E>>,
    work: impl Fn(J) -> Result<R, E> + Sync,
    mut done: impl FnMut(R),
) -> Result<(), E>
where
    J: Send,
    R: Send,
    E: Send,
{
    let workers = workers.max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let (report, reports) = mpsc::channel::<Report<R, E>>();
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut running = 0;
        // Takes one report, and hands over every result now in order.
        let mut collect = |reports: &mpsc::Receiver<Report<R, E>>| -> Result<(), E> {
            let (index, outcome) = reports.recv().expect("a running job always reports");
            waiting.insert(index, outcome.unwrap_or_else(|p| panic::resume_unwind(p)));
            while let Some(result) = waiting.remove(&next) {
                done(result?);
                next += 1;
            }
            Ok(())
        };
        for (index, job) in jobs.into_iter().enumerate() {
            let job = job?;
            if running == workers {
                collect(&reports)?;
                running -= 1;
            }
            let report = report.clone();
            scope.spawn(move || {
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(job)));
                // The caller may have stopped at an error and dropped the receiver.
                let _ = report.send((index, outcome));
            });
            running += 1;
        }
        for _ in 0..running {
            collect(&reports)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    use super::*;

    /// Long enough never to be reached by jobs that run at the same time.
    const PATIENCE: Duration = Duration::from_secs(30);

    #[test]
    fn results_come_in_the_order_of_the_jobs_whatever_order_they_finish_in() {
        // Job 0 waits until job 1 has finished, so it finishes last.
        let (finished, first_may_finish) = mpsc::channel::<()>();
        let first_may_finish = Mutex::new(first_may_finish);
        let mut seen = Vec::new();
        in_order(
            2,
            (0..6).map(Ok::<_, ()>),
            |job: i32| {
                if job == 0 {
                    first_may_finish
                        .lock()
                        .unwrap()
                        .recv_timeout(PATIENCE)
                        .expect("job 1 runs while job 0 waits");
                } else if job == 1 {
                    finished.send(()).unwrap();
                }
                Ok(job * 10)
            },
            |result| seen.push(result),
        )
        .unwrap();
        assert_eq!(seen, [0, 10, 20, 30, 40, 50]);
    }

    #[test]
    fn as_many_jobs_run_at_once_as_there_are_workers_and_no_more() {
        // (started, running now, most running at once)
        let state = Mutex::new((0, 0, 0));
        let changed = Condvar::new();
        let mut count = 0;
        in_order(
            3,
            (0..9).map(Ok::<_, String>),
            |job: usize| {
                let mut state = state.lock().unwrap();
                state.0 += 1;
                state.1 += 1;
                state.2 = state.2.max(state.1);
                changed.notify_all();
                // Jobs 0, 1 and 2 each wait until all three have started, then 3, 4 and 5...
                let batch = 3 * (job / 3 + 1);
                let (mut state, waited) = changed
                    .wait_timeout_while(state, PATIENCE, |state| state.0 < batch)
                    .unwrap();
                state.1 -= 1;
                if waited.timed_out() {
                    return Err(format!("job {job} ran without the others of its batch"));
                }
                Ok(())
            },
            |()| count += 1,
        )
        .unwrap();
        assert_eq!(count, 9);
        assert_eq!(state.lock().unwrap().2, 3);
    }

    #[test]
    fn the_first_error_stops_taking_jobs() {
        let taken = Mutex::new(Vec::new());
        let jobs = (0..100).map(|job| {
            taken.lock().unwrap().push(job);
            if job == 5 {
                Err(format!("job {job} failed"))
            } else {
                Ok(job)
            }
        });
        let mut seen = Vec::new();
        let error = in_order(2, jobs, |job: i32| Ok(job), |result| seen.push(result));
        assert_eq!(error, Err("job 5 failed".to_owned()));
        assert_eq!(*taken.lock().unwrap(), [0, 1, 2, 3, 4, 5]);
        assert!(
            seen.iter().enumerate().all(|(i, &job)| i as i32 == job),
            "{seen:?}"
        );

        let mut seen = Vec::new();
        let error = in_order(
            2,
            (0..100).map(Ok),
            |job: i32| if job == 3 { Err(job) } else { Ok(job) },
            |result| seen.push(result),
        );
        assert_eq!(error, Err(3));
        assert_eq!(seen, [0, 1, 2]);
    }

    #[test]
    #[should_panic(expected = "a broken job")]
    fn a_panic_in_a_job_reaches_the_caller() {
        let _ = in_order(
            2,
            (0..4).map(Ok::<_, ()>),
            |job: i32| {
                assert_ne!(job, 2, "a broken job");
                Ok(())
            },
            |()| {},
        );
    }
}
