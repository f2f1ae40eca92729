"""pgRouting as a peer of `tools/bench/run search` and `batch`, imported by
the driver: a throwaway PostgreSQL cluster (initdb into a temporary folder,
the server listening only on a Unix socket in that folder, no TCP port),
loaded with a generated graph, then timed inside the server.

Every query runs through bench_timed(), which reads the backend's own
clock, CPU time (/proc/self/stat), peak RSS (VmHWM) and the load average
before and after it, so that psql's start-up and the connection are left
out. pgRouting builds its graph from the edges query on every call: that
build is its load, and it is inside every figure, as careerpath's load is
inside a whole `batch` process.

  one pair   pgr_dijkstra(edges, s, t)           the cheapest total
  k = 5      pgr_KSP(edges, s, t, 5)             the five totals
  batch      pgr_dijkstra(edges, combinations)   the rows' total and count
  matrix     pgr_dijkstraCostMatrix(edges, ids)  the cells' total and count

The cluster is removed when the `with` block ends, on an error, on
Ctrl-C, or on SIGTERM or SIGHUP (turned into SystemExit while it runs).
"""
import os
import shutil
import signal
import statistics
import subprocess
import tempfile

PACKAGE = "postgresql-15-pgrouting"
BIN = "/usr/lib/postgresql/15/bin"
EDGES = "SELECT id, source, target, cost FROM edges"


def as_postgres():
    """the prefix that runs a server program as the postgres user when we
    are root (initdb and postgres refuse to run as root)"""
    return ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []


def quote(text):
    return "'" + text.replace("'", "''") + "'"


class Cluster:
    def __init__(self, parent="/tmp"):
        self.parent = parent
        self.folder = None
        self.started = False
        self.old_handlers = {}

    def __enter__(self):
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self.old_handlers[sig] = signal.signal(sig, self._interrupted)
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _interrupted(self, signum, frame):
        raise SystemExit(128 + signum)

    def _start(self):
        self.folder = tempfile.mkdtemp(prefix="careerpath-pgrouting-",
                                       dir=self.parent)
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = os.path.join(self.folder, "data")
        quiet = {"stdout": subprocess.DEVNULL, "check": True}
        subprocess.run(as_postgres() + [
            os.path.join(BIN, "initdb"), "-D", self.data, "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], **quiet)
        # a Unix socket in the folder only; durability is not wanted here
        options = "-c listen_addresses='' -k %s -c fsync=off " \
            "-c synchronous_commit=off -c full_page_writes=off" % self.folder
        subprocess.run(as_postgres() + [
            os.path.join(BIN, "pg_ctl"), "-D", self.data, "-w", "-l",
            os.path.join(self.folder, "log"), "-o", options, "start"],
            **quiet)
        self.started = True
        self.psql_text("CREATE DATABASE bench", database="postgres")
        self.psql_text("CREATE EXTENSION pgrouting CASCADE")  # and PostGIS
        self.version = self.psql_text("SELECT pgr_version()").strip()

    def __exit__(self, kind, value, trace):
        try:
            if self.started:
                subprocess.run(as_postgres() + [
                    os.path.join(BIN, "pg_ctl"), "-D", self.data, "-m",
                    "immediate", "-w", "stop"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
                self.started = False
        finally:
            if self.folder:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None
            for sig, handler in self.old_handlers.items():
                signal.signal(sig, handler)
            self.old_handlers = {}
        return False

    def psql_command(self, database="bench"):
        return ["psql", "-h", self.folder, "-U", "postgres", "-d", database,
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]

    def psql_text(self, script, database="bench"):
        r = subprocess.run(self.psql_command(database), input=script,
                           text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode:
            raise RuntimeError("psql failed: %s" % r.stderr.strip())
        return r.stdout

    def load(self, folder):
        """the generated graph of folder (bench gen) into roles and edges,
        and bench_timed(); returns the seconds the load took"""
        tick = os.sysconf("SC_CLK_TCK")
        out = self.psql_text(r"""
DROP TABLE IF EXISTS roles, transitions, edges;
CREATE TABLE roles (id text, title text, category text, wage float8);
CREATE TABLE transitions (f text, t text, months float8, cost float8,
                          credential text);
SELECT extract(epoch FROM clock_timestamp());
\copy roles FROM %s CSV HEADER
\copy transitions FROM %s CSV HEADER
ALTER TABLE roles ADD COLUMN n bigserial;
CREATE UNIQUE INDEX roles_id ON roles (id);
CREATE TABLE edges AS
  SELECT row_number() OVER () AS id, a.n AS source, b.n AS target,
         tr.months AS cost
  FROM transitions tr JOIN roles a ON a.id = tr.f JOIN roles b ON b.id = tr.t;
VACUUM ANALYZE edges;
SELECT extract(epoch FROM clock_timestamp());
CREATE OR REPLACE FUNCTION bench_cpu() RETURNS float8 LANGUAGE sql AS $$
  SELECT (split_part(s, ' ', 12)::float8 + split_part(s, ' ', 13)::float8)
         / %d
  FROM (SELECT split_part(pg_read_file('/proc/self/stat'), ') ', 2) s) x $$;
CREATE OR REPLACE FUNCTION bench_load() RETURNS text LANGUAGE sql AS $$
  SELECT split_part(pg_read_file('/proc/loadavg'), ' ', 1) $$;
CREATE OR REPLACE FUNCTION bench_timed(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz; c0 float8; l0 text; result text; hwm text;
BEGIN
  l0 := bench_load();
  c0 := bench_cpu();
  t0 := clock_timestamp();
  EXECUTE q INTO result;
  hwm := substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+)');
  RETURN concat_ws(' ', extract(epoch FROM clock_timestamp() - t0),
                   bench_cpu() - c0, hwm, l0, bench_load(),
                   coalesce(result, '-'));
END $$;
SELECT count(*) FROM edges;
""" % (quote(os.path.join(folder, "roles.csv")),
       quote(os.path.join(folder, "transitions.csv")), tick))
        t0, t1, n_edges = out.split()
        return float(t1) - float(t0), int(n_edges)

    def timed(self, queries):
        """runs each SQL query (one text value each) through bench_timed in
        one connection; for each, (seconds, cpu, hwm KiB, load before, load
        after, result text or None)"""
        script = "".join("SELECT bench_timed(%s);\n" % quote(q)
                         for q in queries)
        lines = self.psql_text(script).splitlines()
        if len(lines) != len(queries):
            raise RuntimeError("psql gave %d answers for %d queries"
                               % (len(lines), len(queries)))
        answers = []
        for line in lines:
            seconds, cpu, hwm, l0, l1, result = line.split(" ", 5)
            answers.append((float(seconds), float(cpu),
                            int(hwm) if hwm else 0, float(l0), float(l1),
                            None if result == "-" else result))
        return answers


def vertex(role):
    return "(SELECT n FROM roles WHERE id = %s)" % quote(role)


def single_query(s, t):
    return ("SELECT sum(cost)::text FROM pgr_dijkstra(%s, %s, %s)"
            % (quote(EDGES), vertex(s), vertex(t)))


def k_query(s, t, k):
    return ("SELECT string_agg(c::text, ',' ORDER BY c, path_id) FROM "
            "(SELECT path_id, sum(cost) AS c FROM pgr_KSP(%s, %s, %s, %d) "
            "GROUP BY path_id) p" % (quote(EDGES), vertex(s), vertex(t), k))


def search(cluster, pairs, n_k, reps, k, out):
    """Each pair's cheapest total, then k totals for the first n_k, each
    query reps times, written to out as `bench search` writes its lines
    (median seconds), with the load before and after the pair."""
    for kind, todo in (("single", pairs), ("k5", pairs[:n_k])):
        for q, (s, t) in enumerate(todo):
            query = single_query(s, t) if kind == "single" \
                else k_query(s, t, k)
            answers = cluster.timed([query] * reps)
            costs = answers[-1][5]
            costs = "-" if costs is None else ",".join(
                repr(float(c)) for c in costs.split(","))
            out.write("pgrouting %s %d %.9f %s load=%.2f,%.2f\n" % (
                kind, q, statistics.median(a[0] for a in answers), costs,
                answers[0][3], answers[-1][4]))
            out.flush()


def load_rows(cluster, rows_csv):
    """the batch file's rows (from,to,...) into the table queries"""
    cluster.psql_text(r"""
DROP TABLE IF EXISTS raw_queries, queries;
CREATE TABLE raw_queries (f text, t text, by text);
\copy raw_queries FROM %s CSV HEADER
CREATE TABLE queries AS
  SELECT a.n AS source, b.n AS target
  FROM raw_queries q JOIN roles a ON a.id = q.f JOIN roles b ON b.id = q.t;
""" % quote(rows_csv))


# Every row answered, as careerpath counts them: pgr_dijkstra answers each
# distinct (from, to) once and nothing for from = to, which careerpath
# answers with an empty route of cost 0; so the rows are joined back.
BATCH = ("SELECT concat_ws(' ', sum(d.agg_cost), count(*)) FROM queries q "
         "JOIN (SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstra(%s, "
         "'SELECT DISTINCT source, target FROM queries') WHERE edge = -1 "
         "UNION ALL SELECT DISTINCT source, target, 0 FROM queries "
         "WHERE source = target) d "
         "ON q.source = d.start_vid AND q.target = d.end_vid" % quote(EDGES))


def matrix_query(roles):
    """every cell of the roles x roles matrix with a route, the diagonal's
    zeros included as careerpath writes them"""
    ids = "ARRAY[%s]::bigint[]" % ",".join(vertex(r) for r in roles)
    return ("SELECT concat_ws(' ', sum(c), count(*)) FROM ("
            "SELECT agg_cost AS c FROM pgr_dijkstraCostMatrix(%s, %s) "
            "UNION ALL SELECT 0 FROM unnest(%s) d) m"
            % (quote(EDGES), ids, ids))
