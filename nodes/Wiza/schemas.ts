// Wiza payloads, parsed at the edge. Every object is `.passthrough()`: fields Wiza adds later are
// kept, never dropped. Field lists: docs.wiza.co (webhooks page, Individual Reveal payload) and,
// where the docs show less, the shapes seen in Sim's and the official node's code (see
// docs/wiza.md).
import { z } from 'zod';

/** Wiza ids are integers; a string id is accepted in case Wiza ever changes that. */
const wizaId = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(64)]);

/** `status.code` is a number in every sample; a numeric string is read as that number. */
const statusCode = z.union([z.number().int(), z.string().regex(/^\d{3}$/).transform(Number)]);

export const wizaStatusSchema = z
	.object({
		code: statusCode.optional(),
		message: z.string().optional(),
	})
	.passthrough();

export const wizaErrorBodySchema = z.object({ status: wizaStatusSchema.extend({ message: z.string() }) }).passthrough();

const nullableText = z.string().nullable().optional();

export const revealEmailSchema = z
	.object({
		email: z.string(),
		email_type: nullableText,
		email_status: nullableText,
	})
	.passthrough();

export const revealPhoneSchema = z
	.object({
		number: nullableText,
		pretty_number: nullableText,
		type: nullableText,
	})
	.passthrough();

const creditCount = z.union([z.number(), z.string()]);

export const revealCreditsSchema = z
	.object({
		email_credits: creditCount.optional(),
		phone_credits: creditCount.optional(),
		export_credits: creditCount.optional(),
		api_credits: z
			.object({
				total: creditCount.optional(),
				email_credits: creditCount.optional(),
				phone_credits: creditCount.optional(),
				scrape_credits: creditCount.optional(),
			})
			.passthrough()
			.optional(),
	})
	.passthrough();

/** One Individual Reveal as GET /api/individual_reveals/:id and the callback carry it. */
export const revealDataSchema = z
	.object({
		id: wizaId,
		status: z.string().optional(),
		is_complete: z.boolean().optional(),
		fail_error: nullableText,
		enrichment_level: nullableText,
		name: nullableText,
		title: nullableText,
		company: nullableText,
		location: nullableText,
		linkedin_profile_url: nullableText,
		email: nullableText,
		email_type: nullableText,
		email_status: nullableText,
		emails: z.array(revealEmailSchema).nullable().optional(),
		mobile_phone: nullableText,
		phone_number: nullableText,
		phone_status: nullableText,
		phones: z.array(revealPhoneSchema).nullable().optional(),
		credits: revealCreditsSchema.nullable().optional(),
	})
	.passthrough();

export type RevealData = z.infer<typeof revealDataSchema>;

export const revealEnvelopeSchema = z
	.object({
		status: wizaStatusSchema.optional(),
		type: z.string().optional(),
		data: revealDataSchema,
	})
	.passthrough();

export type RevealEnvelope = z.infer<typeof revealEnvelopeSchema>;

/** A list as POST /api/lists and GET /api/lists/:id answer it (only `id` is relied on). */
export const listDataSchema = z
	.object({
		id: wizaId,
		name: nullableText,
		status: z.string().optional(),
		enrichment_level: nullableText,
		fail_error: nullableText,
	})
	.passthrough();

export type ListData = z.infer<typeof listDataSchema>;

export const listEnvelopeSchema = z
	.object({
		status: wizaStatusSchema.optional(),
		type: z.string().optional(),
		data: listDataSchema,
	})
	.passthrough();

export const listContactsSchema = z
	.object({
		status: wizaStatusSchema.optional(),
		data: z.array(z.record(z.unknown())),
	})
	.passthrough();

/** GET /api/meta/credits: `{ credits: {...} }`; `email_credits` may be the string "unlimited". */
export const creditsResponseSchema = z
	.object({
		credits: z
			.object({
				email_credits: creditCount.optional(),
				phone_credits: creditCount.optional(),
				export_credits: creditCount.optional(),
				api_credits: z.union([creditCount, z.record(z.unknown())]).optional(),
			})
			.passthrough(),
	})
	.passthrough();

/**
 * What a Wiza callback must at least be: a JSON object. Wiza documents only the Individual
 * Reveal callback `{ status: { code, message }, type, data }`; the list callback is undocumented
 * (a `data_json` object has been seen in third-party code), so both keys are optional here and
 * `callbacks.ts` decides what the body is.
 */
export const callbackBodySchema = z
	.object({
		status: wizaStatusSchema.optional(),
		type: z.string().optional(),
		data: z.record(z.unknown()).optional(),
		data_json: z.record(z.unknown()).optional(),
	})
	.passthrough();

export type CallbackBody = z.infer<typeof callbackBodySchema>;
