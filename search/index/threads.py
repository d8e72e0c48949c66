"""The process's background threads: every one is started here, and forgotten after a fork.

Three kinds run in a web process, none of which a request waits for:
  index-follow           a look at the change log and a drain when behind (follow.py),
                         at most one at a time and one per INDEX_FOLLOW_INTERVAL
  generation-background  the copies of a new generation, found while searches use the
                         carried ones (generation.Background)
  warm-up                a new gunicorn worker loading what its first requests would
                         wait for (gunicorn.conf.py post_worker_init)

A thread does not survive a fork, but the objects that know of it do: a child process
(a gunicorn worker, a test's subprocess) would believe the parent's threads were running
and never start its own. So whatever holds thread state registers its reset here
(`after_fork`), and the one os.register_at_fork below runs them all in the child.
"""
import os
import threading
import time


class Threads:
    def __init__(self):
        self._resets = []
        self._reset()
        os.register_at_fork(after_in_child=self._after_fork)

    def _reset(self):
        self._lock = threading.Lock()
        self._running = {}            # name -> the Thread last started under it
        self._started = {}            # name -> time.monotonic() it was started

    def _after_fork(self):
        self._reset()
        for reset in self._resets:
            reset()

    def after_fork(self, reset):
        """Call `reset()` in a child process after a fork."""
        self._resets.append(reset)

    def start(self, name, target, *, alone=False, every=0.0):
        """Run `target()` in a daemon thread called `name`; that thread, or None when
        `alone` and one of that name is still running, or when the last of that name was
        started less than `every` seconds ago."""
        with self._lock:
            now, running = time.monotonic(), self._running.get(name)
            if alone and running is not None and running.is_alive():
                return None
            if now - self._started.get(name, float("-inf")) < every:
                return None
            thread = threading.Thread(target=target, name=name, daemon=True)
            self._running[name], self._started[name] = thread, now
        thread.start()
        return thread

    def running(self, name):
        """The live thread last started as `name`, or None."""
        thread = self._running.get(name)
        return thread if thread is not None and thread.is_alive() else None

    def started(self, name, when):
        """Take `name` as started at `when` (time.monotonic()): its `every` counts from then."""
        with self._lock:
            self._started[name] = when


THREADS = Threads()
start, after_fork, running = THREADS.start, THREADS.after_fork, THREADS.running
