// FullEnrich API v2 payloads, parsed at the edge. Every object is `.passthrough()`: fields
// FullEnrich adds later are kept, never dropped. Shapes: the v2 OpenAPI (api/v2/reference/
// openapi.yml) and docs.fullenrich.com/api/v2/general/webhooks ("the content sent to your webhook
// is the same as what you'd get from the GET endpoint").
import { z } from 'zod';

const text = z.string().max(100_000);
const optionalText = text.nullable().optional();

/** `{ code, message }` on every 4xx (e.g. `error.enrichment.name.empty`). */
export const errorBodySchema = z
	.object({
		code: text.optional(),
		message: text.optional(),
	})
	.passthrough();
export type FullEnrichErrorBody = z.infer<typeof errorBodySchema>;

/** `POST /contact/enrich/bulk` and `POST /contact/reverse/email/bulk`. */
export const startedSchema = z.object({ enrichment_id: text.min(1) }).passthrough();

export const creditsSchema = z.object({ balance: z.number() }).passthrough();

export const emailSchema = z
	.object({
		email: optionalText,
		status: optionalText,
	})
	.passthrough();
export type FullEnrichEmail = z.infer<typeof emailSchema>;

export const phoneSchema = z
	.object({
		number: optionalText,
		region: optionalText,
	})
	.passthrough();
export type FullEnrichPhone = z.infer<typeof phoneSchema>;

// `null` is read as "not found": FullEnrich leaves these out or empty when it found nothing.
const listOf = <T extends z.ZodTypeAny>(item: T) => z.array(item).nullable().optional();

export const contactInfoSchema = z
	.object({
		most_probable_work_email: emailSchema.nullable().optional(),
		most_probable_personal_email: emailSchema.nullable().optional(),
		most_probable_phone: phoneSchema.nullable().optional(),
		work_emails: listOf(emailSchema),
		personal_emails: listOf(emailSchema),
		phones: listOf(phoneSchema),
	})
	.passthrough();

/** One contact of an enrichment (or one email of a reverse email lookup). */
export const recordSchema = z
	.object({
		input: z.object({}).passthrough().nullable().optional(),
		// Documented as strings; anything else is kept as received rather than refused.
		custom: z.record(text, z.unknown()).nullable().optional(),
		contact_info: contactInfoSchema.nullable().optional(),
		profile: z.object({}).passthrough().nullable().optional(),
	})
	.passthrough();
export type FullEnrichRecord = z.infer<typeof recordSchema>;

/**
 * The GET result and the webhook body, for enrichments and reverse email lookups alike:
 * `{ id, name, status, data: [record], cost: { credits } }`. Status stays an open string: the
 * documented enum (CREATED, IN_PROGRESS, CANCELED, CREDITS_INSUFFICIENT, FINISHED, RATE_LIMIT,
 * UNKNOWN) may grow.
 */
export const enrichmentPayloadSchema = z
	.object({
		id: text.min(1),
		name: optionalText,
		status: text.min(1),
		data: z.array(recordSchema).nullable().optional(),
		cost: z
			.object({ credits: z.number().nullable().optional() })
			.passthrough()
			.nullable()
			.optional(),
	})
	.passthrough();
export type EnrichmentPayload = z.infer<typeof enrichmentPayloadSchema>;

/** People or company search: `{ people|companies: [...], metadata: { total, credits, offset, search_after } }`. */
export const searchMetadataSchema = z
	.object({
		total: z.number().nullable().optional(),
		credits: z.number().nullable().optional(),
		offset: z.number().nullable().optional(),
		search_after: text.nullable().optional(),
	})
	.passthrough();

const searchResultEntity = z.object({}).passthrough();

export const peopleSearchSchema = z
	.object({ people: z.array(searchResultEntity).nullable().optional(), metadata: searchMetadataSchema.nullable().optional() })
	.passthrough();

export const companySearchSchema = z
	.object({ companies: z.array(searchResultEntity).nullable().optional(), metadata: searchMetadataSchema.nullable().optional() })
	.passthrough();
