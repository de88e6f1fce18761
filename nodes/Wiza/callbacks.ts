// What a Wiza callback is, decided once, for the trigger.
//
// Reveal or list? Wiza's webhook docs show a top-level `type: "individual_reveal"`; list callbacks
// are undocumented (third-party code shows `type: "list"` in list answers and a `data_json` object
// in a list callback). So:
//   1. `type` present: "individual_reveal" -> reveal; any type containing "list" (list,
//      prospect_list) -> list; any other type -> not recognised.
//   2. no `type`: a `data_json` object -> list; a `data` object with a reveal's own fields
//      (`is_complete`, `fail_error`, `linkedin_profile_url`, `email`, `emails`, `phones`) -> reveal;
//      any other `data` object -> list.
// Finished or failed (reveals)? Wiza says "use status.code: 200 success, 400 failure" and a failed
// reveal carries `fail_error`. Any one of `status.code === 400`, `data.status === "failed"` or a
// non-empty `fail_error` makes it failed; otherwise it finished.
import { describeIssues } from '../shared/schema';
import { failErrorOf } from './flatten';
import { callbackBodySchema, revealDataSchema, type CallbackBody, type RevealData } from './schemas';

export const WIZA_EVENTS = ['reveal.finished', 'reveal.failed', 'list.finished'] as const;
export type WizaEvent = (typeof WIZA_EVENTS)[number];

export type ClassifiedCallback =
	| { recognised: true; event: 'reveal.finished' | 'reveal.failed'; body: CallbackBody; reveal: RevealData }
	| { recognised: true; event: 'list.finished'; body: CallbackBody }
	| { recognised: false; problem: string };

const REVEAL_FIELDS = ['is_complete', 'fail_error', 'linkedin_profile_url', 'email', 'emails', 'phones'];

function kindOf(body: CallbackBody): 'reveal' | 'list' | undefined {
	if (body.type !== undefined) {
		if (body.type === 'individual_reveal') return 'reveal';
		return /list/i.test(body.type) ? 'list' : undefined;
	}
	if (body.data_json) return 'list';
	if (body.data) return REVEAL_FIELDS.some((field) => field in body.data!) ? 'reveal' : 'list';
	return undefined;
}

export function classifyCallback(payload: unknown): ClassifiedCallback {
	const parsed = callbackBodySchema.safeParse(payload);
	if (!parsed.success) return { recognised: false, problem: `not a Wiza callback body: ${describeIssues(parsed.error.issues)}` };
	const body = parsed.data;
	const kind = kindOf(body);
	if (kind === undefined) {
		return { recognised: false, problem: body.type !== undefined ? `unknown callback type "${body.type.slice(0, 60)}"` : 'the body has no "data" object' };
	}
	if (kind === 'list') return { recognised: true, event: 'list.finished', body };

	const reveal = revealDataSchema.safeParse(body.data);
	if (!reveal.success) return { recognised: false, problem: `reveal data not understood: ${describeIssues(reveal.error.issues.map((issue) => ({ ...issue, path: ['data', ...issue.path] })))}` };
	const failed = body.status?.code === 400 || reveal.data.status === 'failed' || failErrorOf(reveal.data) !== undefined;
	return { recognised: true, event: failed ? 'reveal.failed' : 'reveal.finished', body, reveal: reveal.data };
}
