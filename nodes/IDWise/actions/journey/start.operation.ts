// Journey: Start. POST /journey/v2/start-journey (docs.idwise.com/reference/start-journey-api):
// starts a journey in a flow for one applicant; the user then completes it with an IDWise SDK or
// link, and the IDWise Trigger hears how it went.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';
import { startJourneyResponseSchema } from '../../schemas';
import { idwiseRequest, START_JOURNEY_PATH } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID of the journey flow, from the IDWise dashboard',
	},
	{
		displayName: 'Reference Number',
		name: 'referenceNo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. customer-1234',
		description:
			'Your own reference for the applicant (e.g. a customer ID). IDWise sends it back as referenceNo in every webhook. Letters, digits and - _ / \\ , . + @ only.',
	},
	{
		displayName: 'Applicant Details (AML Journeys)',
		name: 'applicantDetails',
		type: 'collection',
		placeholder: 'Add Applicant Detail',
		default: {},
		description: 'Only for journeys with an AML check. Full Name is then required.',
		options: [
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: 'As printed on the proof of address, or: apartment, building, street, suburb, city, district, postal code, state, country',
			},
			{
				displayName: 'Birth Date',
				name: 'birthDate',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1990-12-31',
				description: 'Date of birth as YYYY-MM-DD',
			},
			{
				displayName: 'Full Name',
				name: 'fullName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Ada Lovelace',
				description: "The applicant's full name, screened against AML lists",
			},
			{
				displayName: 'Nationality Code',
				name: 'nationalityCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. GBR',
				description: 'ISO 3166-1 alpha-3 country code of the nationality',
			},
			{
				displayName: 'Sex',
				name: 'sex',
				type: 'options',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
				],
				default: 'female',
				description: "The applicant's sex, as IDWise's AML screening takes it",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['journey'], operation: ['start'] } }, properties);

// "Alphanumeric characters and - _ / \ , . + @" (start-journey reference, reference_no).
const REFERENCE_NO = /^[A-Za-z0-9\-_/\\,.+@]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const flowId = text(this.getNodeParameter('flowId', itemIndex, ''));
	if (flowId === '') throw invalidInputError(node, 'Flow ID is empty', 'Copy the flow ID of your journey flow from the IDWise dashboard.', itemIndex);

	const referenceNo = text(this.getNodeParameter('referenceNo', itemIndex, ''));
	if (!REFERENCE_NO.test(referenceNo)) {
		throw invalidInputError(
			node,
			referenceNo === '' ? 'Reference Number is empty' : `Reference Number "${referenceNo.slice(0, 100)}" has characters IDWise does not accept`,
			'IDWise needs a reference number of letters, digits and - _ / \\ , . + @ (no spaces inside), e.g. your customer ID.',
			itemIndex,
		);
	}

	const body: IDataObject = { flow_id: flowId, reference_no: referenceNo };
	const applicant = applicantDetailsOf(this, itemIndex);
	if (applicant) body.applicant_details = applicant;

	return (await idwiseRequest.call(
		this,
		{ method: 'POST', path: START_JOURNEY_PATH, body, itemIndex, what: 'the journey start' },
		startJourneyResponseSchema,
	)) as IDataObject;
}

function applicantDetailsOf(context: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const node = context.getNode();
	const details = (context.getNodeParameter('applicantDetails', itemIndex, {}) ?? {}) as IDataObject;
	const fullName = text(details.fullName);
	const birthDate = text(details.birthDate);
	const sex = text(details.sex);
	const nationalityCode = text(details.nationalityCode).toUpperCase();
	const address = text(details.address);
	if (!fullName && !birthDate && !sex && !nationalityCode && !address) return undefined;

	if (!fullName) {
		throw invalidInputError(node, 'Applicant Details need a Full Name', 'IDWise requires full_name whenever applicant details are sent (AML journeys). Add Full Name, or remove the other applicant details.', itemIndex);
	}
	const applicant: IDataObject = { full_name: fullName };
	if (birthDate) applicant.birth_date = isoDate(context, birthDate, itemIndex);
	if (sex) {
		if (sex !== 'male' && sex !== 'female') throw invalidInputError(node, `Sex "${sex.slice(0, 20)}" is not male or female`, 'IDWise accepts "male" or "female".', itemIndex);
		applicant.sex = sex;
	}
	if (nationalityCode) {
		if (!/^[A-Z]{3}$/.test(nationalityCode)) {
			throw invalidInputError(node, `Nationality Code "${nationalityCode.slice(0, 20)}" is not a 3-letter country code`, 'Use an ISO 3166-1 alpha-3 code, e.g. GBR, ARE, QAT.', itemIndex);
		}
		applicant.nationality_code = nationalityCode;
	}
	if (address) applicant.address = address;
	return applicant;
}

/** YYYY-MM-DD of a real calendar date (an ISO date-time is cut to its date). */
function isoDate(context: IExecuteFunctions, value: string, itemIndex: number): string {
	const match = ISO_DATE.exec(value);
	const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
	const parsed = match ? new Date(`${date}T00:00:00Z`) : undefined;
	if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
		throw invalidInputError(context.getNode(), `Birth Date "${value.slice(0, 40)}" is not a date`, 'Write the date of birth as YYYY-MM-DD, e.g. 1990-12-31.', itemIndex);
	}
	return date;
}
