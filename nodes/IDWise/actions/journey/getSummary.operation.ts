// Journey: Get Summary. GET /journey/v2/summary/{journeyId}: the journey's steps and their
// status (docs.idwise.com/reference/get-journey-summary), paced to one call per 2 s per journey.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getJourneySummary } from '../../transport';
import { journeyIdProperty, readJourneyId } from './journeyId';

export const description: INodeProperties[] = [journeyIdProperty('getSummary')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return (await getJourneySummary.call(this, readJourneyId(this, itemIndex), itemIndex)) as IDataObject;
}
