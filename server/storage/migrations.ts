// The database schema as numbered migrations. A migration, once released, is never edited: a change is a new
// migration with the next number. Each runs in its own transaction and is recorded in `schema_migrations`.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    sql: `
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        is_admin      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        disabled_at   TEXT
      );
      -- Only a hash of the session token is stored: a copy of the database does not log anyone in.
      CREATE TABLE sessions (
        token_hash   TEXT PRIMARY KEY,
        user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        last_used_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
    `,
  },
  {
    version: 2,
    name: 'meetings',
    sql: `
      CREATE TABLE meetings (
        id                  TEXT PRIMARY KEY,
        title               TEXT NOT NULL,
        starts_at           TEXT NOT NULL,
        place               TEXT NOT NULL,
        created_by          TEXT REFERENCES users(id) ON DELETE SET NULL,
        locked              INTEGER NOT NULL DEFAULT 0,
        current_agenda      INTEGER,
        agenda_started_at   TEXT,
        ended_at            TEXT,
        created_at          TEXT NOT NULL
      );
      CREATE TABLE participants (
        meeting_id       TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        id               TEXT NOT NULL,
        name             TEXT NOT NULL,
        role             TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'delegate', 'guest')),
        connection_point TEXT,
        user_id          TEXT REFERENCES users(id) ON DELETE SET NULL,
        position         INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, id)
      );
      CREATE TABLE agenda_items (
        meeting_id       TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        id               TEXT NOT NULL,
        title            TEXT NOT NULL,
        presenter        TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL,
        document_id      TEXT,
        PRIMARY KEY (meeting_id, position),
        UNIQUE (meeting_id, id)
      );
      -- A token names its invitation; the token is valid only while this row is active, so revoking is one update.
      CREATE TABLE invitations (
        id             TEXT PRIMARY KEY,
        meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        participant_id TEXT,
        kind           TEXT NOT NULL CHECK (kind IN ('participant', 'guest_link')),
        created_at     TEXT NOT NULL,
        expires_at     TEXT NOT NULL,
        revoked_at     TEXT
      );
      CREATE INDEX invitations_participant ON invitations(meeting_id, participant_id);
    `,
  },
  {
    version: 3,
    name: 'attendance, audit log, chat',
    sql: `
      CREATE TABLE attendance (
        id             INTEGER PRIMARY KEY,
        meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        joined_at      TEXT NOT NULL,
        left_at        TEXT,
        left_reason    TEXT
      );
      CREATE INDEX attendance_meeting ON attendance(meeting_id, participant_id);
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        at         TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action     TEXT NOT NULL,
        target     TEXT,
        detail     TEXT
      );
      CREATE INDEX audit_meeting ON audit_log(meeting_id, id);
      CREATE TABLE chat_messages (
        id         TEXT PRIMARY KEY,
        seq        INTEGER NOT NULL,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        sent_at    TEXT NOT NULL,
        from_id    TEXT NOT NULL,
        from_name  TEXT NOT NULL,
        audience   TEXT NOT NULL CHECK (audience IN ('all', 'hosts', 'direct')),
        to_id      TEXT,
        text       TEXT NOT NULL
      );
      CREATE INDEX chat_meeting ON chat_messages(meeting_id, seq);
    `,
  },
  {
    version: 4,
    name: 'votes',
    sql: `
      CREATE TABLE votes (
        id             TEXT PRIMARY KEY,
        meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        agenda_item_id TEXT,
        question       TEXT NOT NULL,
        options        TEXT NOT NULL,
        secret         INTEGER NOT NULL,
        opened_by      TEXT NOT NULL,
        opened_at      TEXT NOT NULL,
        deadline       TEXT NOT NULL,
        eligible       INTEGER NOT NULL,
        closed_at      TEXT,
        result         TEXT
      );
      CREATE INDEX votes_meeting ON votes(meeting_id, opened_at);
      -- Who has voted (one ballot each). For a secret vote the choice is NULL here and only the tally counts it,
      -- so the database holds no link from a voter to a choice.
      CREATE TABLE vote_ballots (
        vote_id        TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        name           TEXT NOT NULL,
        option         INTEGER,
        PRIMARY KEY (vote_id, participant_id)
      );
      CREATE TABLE vote_tallies (
        vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        option  INTEGER NOT NULL,
        count   INTEGER NOT NULL,
        PRIMARY KEY (vote_id, option)
      );
    `,
  },
  {
    version: 5,
    name: 'agenda documents, annotation update log',
    sql: `
      -- A document belongs to one agenda item; each upload is a version. The bytes live in the blob folder under
      -- their SHA-256 (server/documents/BlobStore.ts); a row only names them.
      CREATE TABLE documents (
        id             TEXT PRIMARY KEY,
        meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        agenda_item_id TEXT NOT NULL,
        title          TEXT NOT NULL,
        position       INTEGER NOT NULL,
        created_at     TEXT NOT NULL
      );
      CREATE INDEX documents_meeting ON documents(meeting_id, agenda_item_id, position);
      CREATE TABLE document_versions (
        document_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        version           INTEGER NOT NULL,
        sha256            TEXT NOT NULL,
        size              INTEGER NOT NULL,
        file_name         TEXT NOT NULL,
        page_count        INTEGER,
        password_required INTEGER NOT NULL,
        flags             TEXT NOT NULL,
        uploaded_by       TEXT NOT NULL,
        uploaded_by_name  TEXT NOT NULL,
        uploaded_at       TEXT NOT NULL,
        PRIMARY KEY (document_id, version)
      );
      CREATE INDEX document_versions_sha ON document_versions(sha256);
      -- The annotation update log: every Yjs update, appended before it is acknowledged. AUTOINCREMENT so that a
      -- sequence number, once acknowledged, is never given to another update after compaction deletes rows.
      CREATE TABLE sync_updates (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        doc         TEXT NOT NULL,
        data        BLOB NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX sync_updates_doc ON sync_updates(doc, seq);
      -- Compaction merges a document's updates up to up_to_seq into one snapshot, in the same transaction that
      -- deletes them.
      CREATE TABLE sync_snapshots (
        doc          TEXT PRIMARY KEY,
        meeting_id   TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        data         BLOB NOT NULL,
        up_to_seq    INTEGER NOT NULL,
        compacted_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'minutes: record, versions, comments, signing identities',
    sql: `
      -- One record per meeting. Its content is the Yjs document '<meeting>/minutes' in the sync log while it can be
      -- edited; from final on, the locked content is kept here and the PDF (unsigned, then after each signature)
      -- in the blob folder under its SHA-256.
      CREATE TABLE minutes (
        meeting_id  TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        id          TEXT NOT NULL UNIQUE,
        state       TEXT NOT NULL CHECK (state IN ('draft', 'review', 'final', 'signed', 'filed')),
        lifecycle   TEXT NOT NULL,
        co_editors  TEXT NOT NULL,
        content     TEXT,
        pdf_sha256  TEXT,
        pdf_pages   INTEGER,
        filing_key  TEXT UNIQUE,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      -- Every lifecycle step saves the content as it was: the version history.
      CREATE TABLE minutes_versions (
        minutes_id  TEXT NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
        version     INTEGER NOT NULL,
        action      TEXT NOT NULL,
        state       TEXT NOT NULL,
        content     TEXT NOT NULL,
        pdf_sha256  TEXT,
        actor_id    TEXT NOT NULL,
        actor_name  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (minutes_id, version)
      );
      CREATE TABLE minutes_comments (
        id          TEXT PRIMARY KEY,
        minutes_id  TEXT NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
        section_id  TEXT,
        author_id   TEXT NOT NULL,
        author_name TEXT NOT NULL,
        text        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      );
      CREATE INDEX minutes_comments_record ON minutes_comments(minutes_id, created_at);
      -- Imported PKCS#12 software tokens: the file (still encrypted with the user's password, which is never
      -- stored) lives under DATA_DIR/signing/users; 'owner' is 'user:<account>' or 'participant:<meeting>/<id>'.
      CREATE TABLE signing_identities (
        owner       TEXT PRIMARY KEY,
        file        TEXT NOT NULL,
        subject     TEXT NOT NULL,
        issuer      TEXT NOT NULL,
        not_after   TEXT NOT NULL,
        uploaded_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'the office: agency, units, account roles, scheduling fields, sign-in lockout, search index',
    sql: `
      -- The agency this server belongs to, entered once by the first administrator (setup link).
      CREATE TABLE agency (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        name       TEXT NOT NULL,
        code       TEXT NOT NULL,
        parent     TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE setup_tokens (
        token_hash TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL,
        used_at    TEXT
      );
      -- The directory of units: provinces' connection points, central departments. A unit may have several accounts.
      CREATE TABLE units (
        code        TEXT PRIMARY KEY COLLATE NOCASE,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('province', 'department', 'other')),
        disabled_at TEXT,
        created_at  TEXT NOT NULL
      );
      ALTER TABLE users ADD COLUMN agency_role TEXT NOT NULL DEFAULT 'member'
        CHECK (agency_role IN ('admin', 'secretary', 'member'));
      UPDATE users SET agency_role = 'admin' WHERE is_admin = 1;
      ALTER TABLE users ADD COLUMN unit_code TEXT;
      ALTER TABLE users ADD COLUMN email TEXT;
      ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'ldap'));
      CREATE INDEX users_unit ON users(unit_code);
      ALTER TABLE meetings ADD COLUMN kind TEXT NOT NULL DEFAULT 'hop' CHECK (kind IN ('giao_ban', 'hop', 'hoi_nghi'));
      ALTER TABLE meetings ADD COLUMN ends_at TEXT;
      ALTER TABLE meetings ADD COLUMN cancelled_at TEXT;
      -- Each change of a scheduled meeting raises it: the SEQUENCE of its calendar invitation.
      ALTER TABLE meetings ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE participants ADD COLUMN unit_code TEXT;
      CREATE INDEX participants_user ON participants(user_id);
      CREATE INDEX participants_unit ON participants(unit_code);
      -- Failed sign-ins per username and per client address; past the limit the key is locked for a while.
      CREATE TABLE login_failures (
        key          TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL,
        first_at     TEXT NOT NULL,
        locked_until TEXT
      );
      -- What the agency's people and administrators did outside any meeting (accounts, imports, scheduling).
      CREATE TABLE office_audit (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action     TEXT NOT NULL,
        target     TEXT,
        detail     TEXT
      );
      -- Search: text folded (no diacritics, lower case, đ → d) so that "ke hoach" finds "kế hoạch"; the original text
      -- is kept beside it, aligned character for character, for the snippet.
      CREATE VIRTUAL TABLE search_index USING fts5(
        folded, original UNINDEXED, meeting_id UNINDEXED, kind UNINDEXED, section UNINDEXED, tokenize = 'unicode61'
      );
    `,
  },
  {
    version: 8,
    name: 'screen sharing and recording: media policy, recordings',
    sql: `
      -- The chair's settings for a meeting's screens and recording; no row: the defaults (common/screenShare.ts).
      CREATE TABLE meeting_media_policy (
        meeting_id           TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        delegates_may_share  INTEGER NOT NULL DEFAULT 0,
        secretary_may_record INTEGER NOT NULL DEFAULT 0,
        recording_allowed    INTEGER NOT NULL DEFAULT 1
      );
      -- A recording's file lives under DATA_DIR/recordings/<id>/ (its parts while it runs, the joined file after).
      CREATE TABLE recordings (
        id              TEXT PRIMARY KEY,
        meeting_id      TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        status          TEXT NOT NULL CHECK (status IN ('recording', 'processing', 'ready', 'failed')),
        started_at      TEXT NOT NULL,
        ended_at        TEXT,
        started_by_id   TEXT NOT NULL,
        started_by_name TEXT NOT NULL,
        stop_reason     TEXT,
        duration_s      REAL,
        bytes           INTEGER,
        sha256          TEXT,
        chapters        TEXT NOT NULL DEFAULT '[]',
        deleted_at      TEXT
      );
      CREATE INDEX recordings_meeting ON recordings(meeting_id, started_at);
    `,
  },
  {
    version: 9,
    name: 'signing certificates registered by accounts',
    sql: `
      -- Signing certificates registered by signed-in accounts (the keys stay on the person's token or with the
      -- remote-signing provider; the server keeps only the certificate and the chain that came with it). Certificates
      -- imported with their keys before (signing_identities) are no longer used for signing.
      CREATE TABLE signing_certificates (
        user_id       TEXT NOT NULL,
        sha256        TEXT NOT NULL,
        certificate   BLOB NOT NULL,
        chain         TEXT NOT NULL,
        subject       TEXT NOT NULL,
        issuer        TEXT NOT NULL,
        not_after     TEXT NOT NULL,
        method        TEXT NOT NULL CHECK (method IN ('token', 'remote', 'file')),
        registered_at TEXT NOT NULL,
        PRIMARY KEY (user_id, sha256)
      );
    `,
  },
];
