"""gunicorn's threaded worker, made to stop without dropping a connection it accepted
(gunicorn.conf.py: worker_class).

gunicorn stops a worker by setting `alive = False`: on SIGTERM (a reload, `kill -HUP` of the
master, the README's ExecReload, sends it to every old worker) and after max_requests. The
gthread worker then leaves its loop at once, and the connections it had accepted but not
yet read (waiting in its poller for their first bytes) are closed unanswered: nginx logs
"Connection reset by peer while reading response header from upstream" and answers 502
(3 of 161 requests within 0.6 s of a reload in issue 25's run). Here `alive = False` only
starts draining: the worker stops accepting (the listening socket stays with the master,
whose other workers take new connections), answers with Connection: close, and leaves its
loop once every connection it accepted has been read and handed to a thread; gunicorn then
waits for those answers as before (graceful_timeout).
"""
from gunicorn.workers.gthread import ThreadWorker


class DrainingThreadWorker(ThreadWorker):
    _alive = True
    draining = False

    @property
    def alive(self):
        return self._alive

    @alive.setter
    def alive(self, value):
        # Called from the signal handler too: only flags, the loop acts on them.
        if value:
            self._alive = True
        else:
            self.draining = True

    def murder_keepalived(self):
        """Called by the worker's loop on every turn (with the keep-alive bookkeeping)."""
        super().murder_keepalived()
        if self.draining:
            self.stop_accepting()
            if not self.unread_connections():
                self._alive = False

    def stop_accepting(self):
        with self._lock:
            registered = self.poller.get_map()
            for listener in self.sockets:
                if listener in registered:
                    self.poller.unregister(listener)
        self.max_keepalived = 0          # every answer from now on closes its connection

    def unread_connections(self):
        """Accepted connections whose first request has not been read yet. (Idle keep-alive
        connections are not waited for: a client expects those to close.)"""
        with self._lock:
            return any(not key.data.args[0].initialized
                       for key in self.poller.get_map().values()
                       if key.fileobj not in self.sockets)
