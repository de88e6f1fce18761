// Surfe payloads, parsed at the edge. Sources: developers.surfe.com (people and company bulk
// enrichment, search, credits, webhooks) and its help center's webhook articles.
// Every object keeps unknown fields (.passthrough()). Surfe is loose about scalars (a number where
// text is expected, null for "not found"), so text fields accept a string or a number and null;
// structure is strict: an `emails` that is not a list is an answer we refuse to guess about.
import { z } from 'zod';

/** Text Surfe may send as a string, a number or null; always read as a string. */
const text = z
	.union([z.string(), z.number()])
	.nullish()
	.transform((value) => (value === null || value === undefined ? undefined : String(value)));

const textList = z.array(z.union([z.string(), z.number()]).transform(String)).nullish();

const score = z
	.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)])
	.nullish()
	.transform((value) => (value === null || value === undefined ? undefined : Number(value)));

export const emailSchema = z
	.object({
		email: z.string(),
		// e.g. VALID, CATCH_ALL, INVALID; the full list is not documented.
		validationStatus: text,
	})
	.passthrough();

export const mobilePhoneSchema = z
	.object({
		mobilePhone: z.string(),
		confidenceScore: score,
	})
	.passthrough();

export const jobSchema = z
	.object({
		companyName: text,
		jobTitle: text,
		startDate: text,
		endDate: text,
		linkedInURL: text,
	})
	.passthrough();

/** `EnrichedPersonResponse`: the `people[]` of GET /v2/people/enrich/:id and webhooks' `data.person`. */
export const enrichedPersonSchema = z
	.object({
		externalID: text,
		status: text,
		firstName: text,
		lastName: text,
		jobTitle: text,
		companyName: text,
		companyDomain: text,
		linkedInUrl: text,
		location: text,
		country: text,
		departments: textList,
		seniorities: textList,
		emails: z.array(emailSchema).nullish(),
		mobilePhones: z.array(mobilePhoneSchema).nullish(),
		jobHistory: z.array(jobSchema).nullish(),
	})
	.passthrough();

export type EnrichedPerson = z.infer<typeof enrichedPersonSchema>;

/** A company of GET /v2/companies/enrich/:id; most of its fields are already flat. */
export const enrichedCompanySchema = z
	.object({
		externalID: text,
		status: text,
		name: text,
		description: text,
		linkedInURL: text,
		websites: textList,
		industry: text,
		subIndustry: text,
		hqCountry: text,
		hqAddress: text,
		founded: text,
		revenue: text,
		employeeCount: z.union([z.number(), z.string()]).nullish(),
		isPublic: z.boolean().nullish(),
		keywords: textList,
		phones: textList,
	})
	.passthrough();

export type EnrichedCompany = z.infer<typeof enrichedCompanySchema>;

/** 202 answer of POST /v2/people/enrich and /v2/companies/enrich. */
export const enrichmentStartedSchema = z
	.object({
		enrichmentID: z.string().min(1),
		enrichmentCallbackURL: text,
		message: text,
	})
	.passthrough();

export type EnrichmentStarted = z.infer<typeof enrichmentStartedSchema>;

const jobFields = {
	enrichmentID: text,
	// IN_PROGRESS, COMPLETED; a capture also lists PENDING and FAILED.
	status: text,
	percentCompleted: score,
};

export const peopleEnrichmentSchema = z.object({ ...jobFields, people: z.array(enrichedPersonSchema).nullish() }).passthrough();
export const companyEnrichmentSchema = z.object({ ...jobFields, companies: z.array(enrichedCompanySchema).nullish() }).passthrough();

export const peopleSearchSchema = z
	.object({
		people: z.array(z.object({}).passthrough()).nullish(),
		nextPageToken: text,
		total: score,
	})
	.passthrough();

export const companySearchSchema = z
	.object({
		companies: z.array(z.object({}).passthrough()).nullish(),
		companyDomains: textList,
		nextPageToken: text,
	})
	.passthrough();

/** GET /v1/credits: `{ totalEmail, totalMobile, totalSearch, message }` (message when out of credits). */
export const creditsSchema = z
	.object({
		totalEmail: score,
		totalMobile: score,
		totalSearch: score,
		message: text,
	})
	.passthrough();

/** Every Surfe webhook: `{ "eventType": "...", "data": { ... } }` (developers.surfe.com/webhooks). */
export const webhookEventSchema = z
	.object({
		eventType: z.string().min(1).max(200),
		data: z.object({}).passthrough(),
	})
	.passthrough();

/**
 * `data` of a webhook. Documented: `data.person` (+ `enrichmentID`) for
 * person.enrichment.completed. The batch and company events' payloads are not documented, so
 * the person or company may come alone (`person`, `company`) or as lists (`people`, `companies`),
 * like the GET answers; other fields are kept.
 */
export const webhookDataSchema = z
	.object({
		enrichmentID: text,
		person: enrichedPersonSchema.nullish(),
		people: z.array(enrichedPersonSchema).nullish(),
		company: enrichedCompanySchema.nullish(),
		companies: z.array(enrichedCompanySchema).nullish(),
	})
	.passthrough();
