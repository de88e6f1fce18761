// IDWise payloads, parsed at the edge. Every object is `.passthrough()`: IDWise says its webhook
// payloads may gain fields (docs.idwise.com/docs/webhook-specifications), and those are kept.
// Types are deliberately loose where the docs are silent or inconsistent (decisions, ids): a
// webhook we cannot read is lost for good, so only what routing needs is required.
import { z } from 'zod';

/** Ids arrive as strings in every sample; a number is accepted and read as text. */
const idText = z.union([z.string().trim().min(1).max(256), z.number().finite()]).transform(String);

/** The `body` of any IDWise webhook: the fields every event type shares, the rest kept as sent. */
export const webhookBodySchema = z
	.object({
		eventId: idText.optional(),
		journeyId: idText.optional(),
		referenceNo: z.union([z.string().max(1000), z.number(), z.null()]).optional(),
		// `Complete` / `Incomplete` / `Refer`, `Approved` / `Rejected`, or null (webhook specs);
		// kept as sent whatever their type, since a new value must not make us drop an event.
		systemDecision: z.unknown().optional(),
		manualDecision: z.unknown().optional(),
		finalDecision: z.unknown().optional(),
	})
	.passthrough();

/** `{ "event": "<Title Case name>", "body": { ... } }`, the envelope of every webhook type. */
export const webhookEnvelopeSchema = z
	.object({
		event: z.string().trim().min(1).max(200),
		body: webhookBodySchema,
	})
	.passthrough();

export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

const stepSummarySchema = z
	.object({
		definition: z.object({ step_id: z.union([z.string(), z.number()]).optional() }).passthrough().optional(),
		result: z.object({}).passthrough().nullable().optional(),
	})
	.passthrough();

/** GET /journey/v2/summary/{journeyId} (docs.idwise.com/reference/get-journey-summary). */
export const journeySummarySchema = z
	.object({
		journey_id: idText.optional(),
		is_completed: z.boolean().optional(),
		step_summaries: z.array(stepSummarySchema).optional(),
		result: z.object({}).passthrough().nullable().optional(),
	})
	.passthrough();

/** The v3.0 journey result model (docs.idwise.com/reference/get-journey-result). */
export const journeyResultSchema = z
	.object({
		journey_id: idText.optional(),
		reference_number: z.union([z.string(), z.number(), z.null()]).optional(),
		system_decision: z.unknown().optional(),
		manual_decision: z.unknown().optional(),
		final_decision: z.unknown().optional(),
	})
	.passthrough();

/** POST /journey/v2/start-journey answers `{ journey_id, reference_no, is_completed, step_summaries }`. */
export const startJourneyResponseSchema = z
	.object({
		journey_id: idText,
		reference_no: z.union([z.string(), z.number(), z.null()]).optional(),
		is_completed: z.boolean().optional(),
	})
	.passthrough();

/**
 * IDWise does not document its error body. These are the shapes common to JSON APIs (and to
 * Django REST framework, which `detail` would suggest); anything else falls back to the status.
 */
export const idwiseErrorBodySchema = z
	.object({
		message: z.string().optional(),
		detail: z.string().optional(),
		error: z.union([z.string(), z.object({ message: z.string().optional(), code: z.union([z.string(), z.number()]).optional() }).passthrough()]).optional(),
		error_message: z.string().optional(),
		code: z.union([z.string(), z.number()]).optional(),
		error_code: z.union([z.string(), z.number()]).optional(),
	})
	.passthrough();
