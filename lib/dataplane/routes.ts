// The data-plane routes: answered by the lean server (server.ts) before Next sees the request, and by the
// Next route files as thin shims (web.ts) — one handler each, no second copy of logic. Every handler runs
// behind `keyed`: Bearer key -> handler -> JSON, every error in the one envelope.
import { upstreamBaseUrl } from '../config';
import { authenticateKey } from '../api/auth-key';
import { parseInput } from '../schemas/parse';
import { authorizeSchema, releaseSchema, settleSchema } from '../schemas/gate';
import { admitOrRefuse, blockingCauses, estimateNano, headroomHeaders, release, settle } from '../metering/gate';
import { rateHeaders } from '../metering/limits';
import { chatCompletions, embeddings } from '../gateway/proxy';
import { ECHO_MODEL } from '../gateway/echo';
import { toKeyObject, workspaceGateFromCauses } from '../keys/object';
import { keyPeriodOf } from '../metering/admit';
import { readCounters } from '../store/counters';
import { pricesOf } from '../store/prices';
import { keyById } from '../store/keys';
import { read } from '../store/tx';
import { notFound } from '../errors';
import { monthStart, windowEnd, windowStart } from '../periods';
import type { AuthedKey } from '../store/rows';
import { consoleOrigin, errorResponse, json, jsonBody, type DpRequest, type DpResponse } from './http';

type Handler = (req: DpRequest, key: AuthedKey) => Promise<DpResponse>;

function keyed(h: Handler) {
  return async (req: DpRequest): Promise<DpResponse> => {
    try {
      const key = await authenticateKey(req.header('authorization'));
      if (req.ctx) {
        req.ctx.workspaceId = key.workspaceId; // for log lines about this request
        req.ctx.keyId = key.id;
      }
      return await h(req, key);
    } catch (e) {
      return errorResponse(e, req.ctx);
    }
  };
}

const authorize = keyed(async (req, key) => {
  const input = parseInput(authorizeSchema, jsonBody(req));
  const est = await estimateNano(key.workspaceId, input);
  const a = await admitOrRefuse(key, est, input.model ?? null, consoleOrigin(req));
  const { rate, ...body } = a;
  return json(body, 200, { ...headroomHeaders(a.remaining), ...rateHeaders(rate) });
});

const settleRoute = keyed(async (req, key) => {
  const input = parseInput(settleSchema, jsonBody(req));
  const { body, remaining } = await settle(key, input);
  return json(body, 200, headroomHeaders(remaining));
});

const releaseRoute = keyed(async (req, key) => json(await release(key, parseInput(releaseSchema, jsonBody(req)).reservationId)));

const chat = keyed((req, key) => chatCompletions(req, key));
const embed = keyed((req, key) => embeddings(req, key));

// The models this key can call: the workspace's priced models (only keycap-echo when no upstream is configured).
const models = keyed(async (_req, key) => {
  const rows = await read(pricesOf(key.workspaceId));
  const usable = rows.filter((r) => upstreamBaseUrl() || r.model === ECHO_MODEL);
  return json({
    object: 'list',
    data: usable.map((r) => ({ id: r.model, object: 'model', created: Math.floor((r.updatedAt ?? new Date(0)).getTime() / 1000), owned_by: r.model === ECHO_MODEL ? 'keycap' : 'upstream' })),
  });
});

// GET /api_keys/me (any key): the calling key, whether a gated call made with it now would be admitted, and
// every check that would refuse it, in enforcement order (the gate's own blockingCauses, so /me and the gate
// never disagree). Revoked, expired and unknown keys get the 401 from `keyed`.
const me = keyed(async (_req, authed) => {
  const now = new Date();
  const key = await read(keyById(authed.workspaceId, authed.id));
  if (!key) throw notFound('API key');
  const period = keyPeriodOf(key);
  const [month, p] = await read(
    readCounters([
      { subject: key.id, period: 'monthly', windowStart: monthStart(now) },
      ...(period ? [{ subject: key.id, period, windowStart: windowStart(period, now) }] : []),
    ]),
  );
  const pw = p ?? month;
  const { causes } = await blockingCauses(key, now);
  const obj = toKeyObject(key, { periodSpent: pw.spentNano, periodReserved: pw.reservedNano, monthSpent: month.spentNano, resetsAt: period ? windowEnd(period, now) : null }, now, workspaceGateFromCauses(causes));
  return json({ ...obj, accessPermitted: causes.length === 0, causes });
});

/** path -> method -> handler. The lean server answers exactly these; everything else goes to Next. */
export const dataPlaneRoutes: Record<string, Partial<Record<string, (req: DpRequest) => Promise<DpResponse>>>> = {
  '/api/v1/gate/authorize': { POST: authorize },
  '/api/v1/gate/settle': { POST: settleRoute },
  '/api/v1/gate/release': { POST: releaseRoute },
  '/api/v1/chat/completions': { POST: chat },
  '/api/v1/embeddings': { POST: embed },
  '/api/v1/models': { GET: models },
  '/api/v1/api_keys/me': { GET: me },
};
