"""Driver workers: each driver runs in a sandboxed process of its own and talks the wire protocol.

:mod:`.sandbox` confines a worker (limits, Landlock, seccomp, privileges), :mod:`.launch` is the fresh
interpreter the host execs for each worker, :mod:`.pool` starts, feeds, times and replaces workers.
"""
