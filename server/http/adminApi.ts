// Administration over HTTP (agency administrators only):
//   GET | POST /api/admin/units             the directory of units
//   GET | POST /api/admin/accounts          accounts; POST /api/admin/accounts/<id>: role, unit, disable, password
//   POST       /api/admin/import            CSV of units or accounts → a report of created, updated, rejected rows
//   GET        /api/admin/audit?meeting=&actor=&action=&since=&until=&limit=
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { accountSchema, accountUpdateSchema, importSchema, unitSchema, type Account } from '../../common/office.ts';
import { importAccounts, importUnits } from '../office/csvImport.ts';
import type { Services } from '../services.ts';
import type { User } from '../storage/AccountStore.ts';
import { signedIn } from './authApi.ts';
import { sendFailure, sendJson } from './respond.ts';
import { readJson } from './request.ts';

const account = (u: User): Account => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  agencyRole: u.agencyRole,
  unitCode: u.unitCode,
  email: u.email,
  disabled: u.disabled,
  source: u.source,
});

const unitToggle = z.object({ code: z.string().min(1).max(40), disabled: z.boolean() }).strict();

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const { user } = signedIn(req, services);
  if (user.agencyRole !== 'admin') throw new AppFailure('forbidden', 'administrators only', 'role');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const agency = services.office.agency;
  const who = { id: `user:${user.id}`, name: user.displayName };
  if (path === '/api/admin/units' && method === 'GET') return sendJson(res, 200, { units: agency.units() });
  if (path === '/api/admin/units' && method === 'POST') {
    const unit = await readJson(req, unitSchema);
    agency.upsertUnit({ ...unit, code: unit.code.toUpperCase() });
    agency.audit(who, 'saveUnit', unit.code, unit);
    return sendJson(res, 201, agency.unit(unit.code));
  }
  if (path === '/api/admin/units/state' && method === 'POST') {
    const { code, disabled } = await readJson(req, unitToggle);
    if (!agency.unit(code)) throw new AppFailure('not_found', `no unit ${code}`);
    agency.setUnitDisabled(code, disabled);
    agency.audit(who, disabled ? 'disableUnit' : 'enableUnit', code);
    return sendJson(res, 200, agency.unit(code));
  }
  if (path === '/api/admin/accounts' && method === 'GET') {
    return sendJson(res, 200, { accounts: services.accounts.listUsers().map(account) });
  }
  if (path === '/api/admin/accounts' && method === 'POST') {
    const body = await readJson(req, accountSchema);
    if (body.unitCode && !agency.unit(body.unitCode))
      throw new AppFailure('invalid_message', `no unit ${body.unitCode}`);
    const created = await services.accounts.createUser({ ...body, unitCode: body.unitCode?.toUpperCase() ?? null });
    agency.audit(who, 'createAccount', created.username, {
      agencyRole: created.agencyRole,
      unitCode: created.unitCode,
    });
    return sendJson(res, 201, account(created));
  }
  const one = /^\/api\/admin\/accounts\/([^/]{1,100})$/.exec(path);
  if (one && method === 'POST') {
    const target = services.accounts.user(decodeURIComponent(one[1]!));
    if (!target) throw new AppFailure('not_found', 'no such account');
    const patch = await readJson(req, accountUpdateSchema);
    const losesAdmin =
      target.agencyRole === 'admin' &&
      !target.disabled &&
      (patch.disabled === true || (patch.agencyRole && patch.agencyRole !== 'admin'));
    if (losesAdmin && services.accounts.activeAdmins() <= 1) {
      throw new AppFailure('forbidden', 'the last administrator cannot be disabled or demoted', 'role');
    }
    if (patch.unitCode && !agency.unit(patch.unitCode))
      throw new AppFailure('invalid_message', `no unit ${patch.unitCode}`);
    services.accounts.update(target.id, {
      displayName: patch.displayName,
      agencyRole: patch.agencyRole,
      unitCode: patch.unitCode === undefined ? undefined : (patch.unitCode?.toUpperCase() ?? null),
      email: patch.email,
    });
    if (patch.password) {
      if (target.source !== 'local')
        throw new AppFailure('forbidden', 'a directory account has no local password', 'directory_account');
      await services.accounts.setPassword(target.id, patch.password);
    }
    if (patch.disabled === true) {
      services.accounts.disableUser(target.id);
      services.office.events.disconnect(target.id);
    }
    if (patch.disabled === false) services.accounts.enableUser(target.id);
    const { password: _secret, ...logged } = patch;
    agency.audit(who, 'updateAccount', target.username, { ...logged, passwordReset: patch.password !== undefined });
    return sendJson(res, 200, account(services.accounts.user(target.id)!));
  }
  if (path === '/api/admin/import' && method === 'POST') {
    const { kind, csv } = await readJson(req, importSchema, 2_200_000);
    const report = kind === 'units' ? importUnits(agency, csv) : await importAccounts(services.accounts, agency, csv);
    agency.audit(who, kind === 'units' ? 'importUnits' : 'importAccounts', null, {
      created: report.created,
      updated: report.updated,
      rejected: report.rejected.length,
    });
    return sendJson(res, 200, report);
  }
  if (path === '/api/admin/audit' && method === 'GET') {
    const q = url.searchParams;
    const opt = (k: string) => q.get(k) || undefined;
    const entries = agency.auditEntries({
      meetingId: opt('meeting'),
      actor: opt('actor'),
      action: opt('action'),
      since: opt('since'),
      until: opt('until'),
      limit: Number(q.get('limit')) || undefined,
    });
    return sendJson(res, 200, { entries });
  }
  throw new AppFailure('not_found', `no API at ${method} ${path}`);
}

/** Handles the administration API; returns false for paths that are not its own. */
export function handleAdminApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!url.pathname.startsWith('/api/admin/')) return false;
  route(req, res, services, url).catch((error: unknown) =>
    sendFailure(res, error, `[admin] ${req.method} ${url.pathname}`),
  );
  return true;
}
