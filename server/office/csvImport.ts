// Importing the agency's directory from CSV (UTF-8, header row, Vietnamese names): units `code,name,kind` and
// accounts `username,displayName,agencyRole,unitCode,email,password`. Every good row is kept, every bad one is
// reported with its line and why; a row naming an existing unit or account updates it.
import { AppFailure } from '../../common/errors.ts';
import { accountSchema, unitSchema, type ImportReport } from '../../common/office.ts';
import type { AccountStore } from '../storage/AccountStore.ts';
import type { AgencyStore } from './AgencyStore.ts';
import { parseCsv, type CsvRow } from './text.ts';

const UNIT_COLUMNS = ['code', 'name', 'kind'] as const;
const ACCOUNT_COLUMNS = ['username', 'displayName', 'agencyRole', 'unitCode', 'email', 'password'] as const;
const MAX_ROWS = 5000;

/** Rows as objects keyed by the header's column names (case-insensitive); the header must name the required ones. */
function records<K extends string>(csv: string, columns: readonly K[], required: readonly K[]) {
  const rows = parseCsv(csv);
  const header = rows.shift();
  if (!header) throw new AppFailure('invalid_message', 'the file is empty');
  const names = header.fields.map((f) => f.toLowerCase());
  const index = new Map(columns.map((c) => [c, names.indexOf(c.toLowerCase())]));
  const missing = required.filter((c) => index.get(c) === -1);
  if (missing.length) throw new AppFailure('invalid_message', `the header lacks: ${missing.join(', ')}`);
  if (rows.length > MAX_ROWS) throw new AppFailure('too_large', `at most ${MAX_ROWS} rows per import`);
  return rows.map((row: CsvRow) => {
    const value = {} as Record<K, string>;
    for (const c of columns) value[c] = index.get(c)! >= 0 ? (row.fields[index.get(c)!] ?? '') : '';
    return { row, value };
  });
}

const reason = (error: unknown) =>
  error instanceof AppFailure ? error.message : error instanceof Error ? error.message : String(error);

export function importUnits(agency: AgencyStore, csv: string): ImportReport {
  const report: ImportReport = { created: 0, updated: 0, rejected: [] };
  for (const { row, value } of records(csv, UNIT_COLUMNS, ['code', 'name'])) {
    const parsed = unitSchema.safeParse({ ...value, kind: value.kind || 'province' });
    if (!parsed.success) {
      report.rejected.push({ line: row.line, text: row.text, ...invalid(parsed.error.issues) });
      continue;
    }
    if (agency.upsertUnit({ ...parsed.data, code: parsed.data.code.toUpperCase() })) report.created++;
    else report.updated++;
  }
  return report;
}

export async function importAccounts(accounts: AccountStore, agency: AgencyStore, csv: string): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, rejected: [] };
  const seen = new Set<string>();
  for (const { row, value } of records(csv, ACCOUNT_COLUMNS, ['username', 'displayName'])) {
    const reject = (why: Omit<ImportReport['rejected'][number], 'line' | 'text'>) =>
      report.rejected.push({ line: row.line, text: row.text, ...why });
    const input = {
      username: value.username,
      displayName: value.displayName,
      agencyRole: value.agencyRole || 'member',
      ...(value.unitCode ? { unitCode: value.unitCode.toUpperCase() } : {}),
      ...(value.email ? { email: value.email } : {}),
      password: value.password,
    };
    const key = value.username.toLowerCase();
    if (seen.has(key)) {
      reject({ code: 'duplicate', field: 'username', reason: 'the username appears twice in the file' });
      continue;
    }
    seen.add(key);
    if (input.unitCode && !agency.unit(input.unitCode)) {
      reject({
        code: 'unknown_unit',
        field: 'unitCode',
        value: input.unitCode,
        reason: `unit ${input.unitCode} is not in the directory (import the units first)`,
      });
      continue;
    }
    const existing = accounts.byUsername(value.username);
    try {
      if (existing) {
        const patch = accountSchema.omit({ password: true, username: true }).safeParse(input);
        if (!patch.success) {
          reject(invalid(patch.error.issues));
          continue;
        }
        accounts.update(existing.id, {
          ...patch.data,
          unitCode: patch.data.unitCode ?? null,
          email: patch.data.email ?? null,
        });
        report.updated++;
      } else {
        const parsed = accountSchema.safeParse(input);
        if (!parsed.success) {
          reject(invalid(parsed.error.issues));
          continue;
        }
        await accounts.createUser(parsed.data);
        report.created++;
      }
    } catch (error) {
      reject({ code: 'failed', reason: reason(error) });
    }
  }
  return report;
}

function invalid(list: { path: PropertyKey[]; message: string }[]) {
  return {
    code: 'invalid_field' as const,
    field: list.map((i) => i.path.map(String).join('.')).join(', '),
    reason: list.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '),
  };
}
