/**
 * Schema migrations, applied in order and recorded in `schema_migrations`. Never edit a
 * migration that has shipped: add the next one.
 */
export const migrations: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        document TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        compiled TEXT NOT NULL,
        deployed_at INTEGER NOT NULL,
        deployed_by TEXT NOT NULL,
        UNIQUE (workflow_id, version)
      );
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        trigger_id TEXT NOT NULL,
        status TEXT NOT NULL,
        outcome TEXT,
        active_nodes TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        visits TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX instances_by_workflow ON instances (workflow_id, started_at);
      CREATE INDEX instances_by_status ON instances (status);
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        instance_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        type TEXT NOT NULL,
        node_id TEXT,
        visit INTEGER,
        entered TEXT,
        detail TEXT
      );
      CREATE INDEX events_by_instance ON events (instance_id, seq);
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        workflow_id TEXT,
        instance_id TEXT,
        node_id TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_instance ON audit (instance_id, seq);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        instance_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        visit INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_pending ON outbox (status) WHERE status = 'pending';
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        instance_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        visit INTEGER NOT NULL,
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        fired_at INTEGER
      );
      CREATE INDEX timers_due ON timers (due_at) WHERE status = 'pending';
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        instance_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        visit INTEGER NOT NULL,
        lane TEXT,
        escalated_to TEXT,
        status TEXT NOT NULL,
        assignee TEXT,
        spec TEXT NOT NULL,
        due_at INTEGER,
        created_at INTEGER NOT NULL,
        claimed_at INTEGER,
        completed_at INTEGER,
        completed_by TEXT,
        result TEXT,
        branch TEXT,
        verdict TEXT
      );
      CREATE INDEX tasks_by_status ON tasks (status, lane);
      CREATE INDEX tasks_by_instance ON tasks (instance_id);
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        instance_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        visit INTEGER NOT NULL,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by TEXT
      );
      CREATE INDEX incidents_by_status ON incidents (status);
      CREATE TABLE idempotency_keys (
        workflow_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, key)
      );
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
      CREATE TABLE webhook_deliveries (
        workflow_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        trigger_id TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, delivery_id)
      );
      CREATE TABLE classifier_models (
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        model TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, node_id)
      );
    `,
  },
  {
    version: 2,
    name: 'webhook secrets',
    // IF NOT EXISTS: data folders from before this migration already hold the table, same shape.
    sql: `
      CREATE TABLE IF NOT EXISTS webhook_secrets (
        workflow_id TEXT NOT NULL,
        trigger_id TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (workflow_id, trigger_id)
      );
    `,
  },
  {
    version: 3,
    name: 'schedules',
    // One row per schedule trigger of a deployed workflow: its next planned tick, as an absolute
    // time, so ticks that fall due while the server is down are seen when it starts again.
    sql: `
      CREATE TABLE IF NOT EXISTS schedules (
        workflow_id TEXT NOT NULL,
        trigger_id TEXT NOT NULL,
        cron TEXT NOT NULL,
        timezone TEXT,
        next_at INTEGER NOT NULL,
        last_planned_at INTEGER,
        last_fired_at INTEGER,
        PRIMARY KEY (workflow_id, trigger_id)
      );
      CREATE INDEX IF NOT EXISTS schedules_due ON schedules (next_at);
    `,
  },
  {
    version: 4,
    name: 'secrets',
    // Values sealed with AES-256-GCM (see src/secrets): the database alone does not reveal them.
    sql: `
      CREATE TABLE IF NOT EXISTS secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'secrets a deployment uses',
    // The names (never values) of the secrets a version's connectors reference, as a JSON array.
    sql: `ALTER TABLE deployments ADD COLUMN secrets TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 6,
    name: 'lane members',
    // By the name on people's tokens: a lane with members gives its tasks to them alone.
    sql: `
      CREATE TABLE IF NOT EXISTS lane_members (
        lane TEXT NOT NULL,
        member TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        PRIMARY KEY (lane, member)
      );
    `,
  },
  {
    version: 7,
    name: 'step autonomy',
    // The autonomy level in force per augment step (the deployment's default until someone or the
    // runtime sets one), the reviews its accuracy is measured on, and promotions it proposed.
    sql: `
      CREATE TABLE IF NOT EXISTS step_autonomy (
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        level TEXT NOT NULL,
        threshold REAL NOT NULL,
        set_at INTEGER NOT NULL,
        set_by TEXT NOT NULL,
        PRIMARY KEY (workflow_id, node_id)
      );
      CREATE TABLE IF NOT EXISTS autonomy_reviews (
        seq INTEGER PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        sampled INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS autonomy_reviews_by_step ON autonomy_reviews (workflow_id, node_id, seq);
      CREATE TABLE IF NOT EXISTS autonomy_proposals (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        level TEXT NOT NULL,
        threshold REAL NOT NULL,
        figures TEXT NOT NULL,
        status TEXT NOT NULL,
        proposed_at INTEGER NOT NULL,
        decided_at INTEGER,
        decided_by TEXT
      );
      CREATE INDEX IF NOT EXISTS autonomy_proposals_by_step ON autonomy_proposals (workflow_id, node_id, status);
    `,
  },
  {
    version: 8,
    name: 'deployment requests',
    // Four-eyes deploys: a request keeps the document of the revision it asks for, so an approval
    // deploys exactly that, and the diff its reviewer saw. The audit index finds who changed a
    // workflow since its last deploy without reading every instance's rows.
    sql: `
      CREATE TABLE IF NOT EXISTS deployment_requests (
        workflow_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        state TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        document TEXT NOT NULL,
        base_deployment_id TEXT,
        diff TEXT NOT NULL,
        decided_by TEXT,
        decided_at INTEGER,
        reason TEXT,
        deployment_id TEXT,
        PRIMARY KEY (workflow_id, n)
      );
      CREATE INDEX IF NOT EXISTS audit_by_workflow_action ON audit (workflow_id, action, seq);
    `,
  },
  {
    version: 9,
    name: 'step fallbacks',
    // Per workflow step (by node id, so it holds across deployments): whether its work goes to
    // people instead of its outside service or assistant, since when, by whom and why, and its
    // circuit breaker's count of failed calls in a row.
    sql: `
      CREATE TABLE IF NOT EXISTS step_fallbacks (
        workflow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        manual INTEGER NOT NULL,
        since INTEGER,
        by TEXT,
        reason TEXT,
        failures INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, node_id)
      );
    `,
  },
  {
    version: 16,
    name: 'instances by end time',
    // Trends group items by when they ended: this reads one workflow's items that ended in a range
    // without scanning its whole history.
    sql: `CREATE INDEX IF NOT EXISTS instances_by_workflow_end ON instances (workflow_id, ended_at);`,
  },
  {
    version: 10,
    name: 'pilots',
    // A pilot deployment takes a share or a segment of new instances beside the current version
    // (its baseline) until it is promoted, rolled back or ends; which instance goes where is decided
    // from the start's key, so the row's settings and state are all routing needs after a restart.
    // A deploy request keeps the pilot it asks for. The instances index serves the per-version
    // figures the guardrails compare and the instances-per-version metric.
    sql: `
      CREATE TABLE IF NOT EXISTS pilots (
        workflow_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        baseline_version INTEGER NOT NULL,
        settings TEXT NOT NULL,
        state TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        ended_at INTEGER,
        ended_by TEXT,
        reason TEXT,
        PRIMARY KEY (workflow_id, version)
      );
      ALTER TABLE deployment_requests ADD COLUMN pilot TEXT;
      CREATE INDEX IF NOT EXISTS instances_by_version ON instances (workflow_id, version, started_at);
    `,
  },
  {
    version: 11,
    name: 'metric tallies',
    // Metrics kept as the events that change them are written (src/metrics/metric-store.ts): the
    // tallies per workflow, deployment, node ('' for the items) and UTC day, the state of items not
    // yet ended, and the last event folded in. Filled from the existing log when the runtime starts.
    sql: `
      CREATE TABLE IF NOT EXISTS metric_days (
        workflow_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        day INTEGER NOT NULL,
        tally TEXT NOT NULL,
        PRIMARY KEY (workflow_id, deployment_id, node_id, day)
      );
      CREATE TABLE IF NOT EXISTS metric_items (
        instance_id TEXT PRIMARY KEY,
        state TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS metric_progress (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL
      );
    `,
  },
  {
    version: 17,
    name: 'collaboration documents',
    // Shared documents: one compacted state per workflow plus the updates appended since. Data
    // folders from before this migration already hold these tables (collaboration created them on
    // first use), same shape, hence IF NOT EXISTS.
    sql: `
      CREATE TABLE IF NOT EXISTS collab_snapshots (
        workflow_id TEXT PRIMARY KEY,
        state BLOB NOT NULL,
        compacted_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS collab_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        workflow_id TEXT NOT NULL,
        data BLOB NOT NULL,
        stored_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS collab_updates_by_workflow ON collab_updates (workflow_id, seq);
    `,
  },
  {
    version: 18,
    name: 'retired deployments',
    // A deleted workflow's deployments stay for the instances that ran on them, marked retired: a
    // workflow made later under the same id never starts, schedules or switches on one of them.
    sql: `ALTER TABLE deployments ADD COLUMN retired_at INTEGER;`,
  },
  {
    version: 19,
    name: 'drop-collab-draft-bases',
    // Runtimes that merged saves into the live document afterwards kept drafts' bases here; the
    // collaboration endpoint used to drop it at each start, outside any migration.
    sql: `DROP TABLE IF EXISTS collab_draft_bases;`,
  },
  {
    version: 20,
    name: 'partition leases',
    // Replicas on one PostgreSQL database own the 64 partitions (src/cluster/partitions.ts) through
    // leases: the owner, the epoch each new owner raises (so work done under an older owner can be
    // refused), and when the lease runs out in the database's clock (ms). Replicas heartbeat their
    // row so that each knows how many share the partitions. A SQLite folder has one process, which
    // owns every partition without these rows; the tables are made there too so both schemas match.
    sql: `
      CREATE TABLE partition_leases (
        part INTEGER PRIMARY KEY,
        owner TEXT,
        epoch INTEGER NOT NULL DEFAULT 0,
        expires_at INTEGER NOT NULL DEFAULT 0
      );
      WITH RECURSIVE parts (part) AS (SELECT 0 UNION ALL SELECT part + 1 FROM parts WHERE part < 63)
        INSERT INTO partition_leases (part) SELECT part FROM parts;
      CREATE TABLE replicas (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        seen_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 22,
    name: 'tasks by workflow',
    // The event-log export reads a workflow's tasks in keyset pages by creation time, on any database.
    sql: `CREATE INDEX IF NOT EXISTS tasks_by_workflow ON tasks (workflow_id, created_at, id);`,
  },
  {
    version: 21,
    name: 'list keysets',
    // Lists page newest first by a time and the id (the audit by its seq), a keyset both databases
    // have; these indexes let a page start where the last one ended without sorting the table.
    sql: `
      CREATE INDEX IF NOT EXISTS instances_by_start ON instances (started_at, id);
      CREATE INDEX IF NOT EXISTS tasks_by_creation ON tasks (created_at, id);
      CREATE INDEX IF NOT EXISTS incidents_by_creation ON incidents (created_at, id);
    `,
  },
  {
    version: 27,
    name: 'commands',
    // Replicas on one PostgreSQL database hand a request for work they do not own to the owner of
    // its partition as a row here (src/cluster/commands.ts): pending until the owner stores its
    // result or error (done, failed). A claim names the replica and the epoch it owned the
    // partition at, so that a later owner can tell a claim left behind by an earlier one. Times are
    // epoch ms. A SQLite folder's one process owns every partition and never writes here; the table
    // is made there too so both schemas match.
    sql: `
      CREATE TABLE commands (
        id TEXT PRIMARY KEY,
        part INTEGER NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        result TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        claimed_by TEXT,
        claimed_epoch INTEGER,
        claimed_at INTEGER,
        done_at INTEGER
      );
      CREATE INDEX commands_by_part_status ON commands (part, status);
    `,
  },
  {
    version: 28,
    name: 'per-instance event sequence',
    // Each event row carries its number among its instance's events (1, 2, 3… without gap, given
    // by the instance's owner), and the instance row how many it has: a batch updates an instance
    // only where that count is still the one it loaded, so a replica that lost the instance to
    // another cannot commit over the newer state; and a transition written twice breaks the
    // unique index. Existing rows are numbered in the log's order.
    sql: `
      ALTER TABLE instances ADD COLUMN event_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN instance_seq INTEGER;
      UPDATE events SET instance_seq = numbered.n
        FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY instance_id ORDER BY seq) AS n FROM events) AS numbered
        WHERE events.seq = numbered.seq;
      UPDATE instances SET event_seq = counted.n
        FROM (SELECT instance_id, COUNT(*) AS n FROM events GROUP BY instance_id) AS counted
        WHERE instances.id = counted.instance_id;
      CREATE UNIQUE INDEX events_by_instance_seq ON events (instance_id, instance_seq);
    `,
  },
]
