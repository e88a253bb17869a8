/** Queries of production jobs and their operations. */
import { jobDetail, jobStatus, jobSummary, page } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';

export type JobStatus = z.infer<typeof jobStatus>;
export type JobSummary = z.infer<typeof jobSummary>;
export type JobDetail = z.infer<typeof jobDetail>;
export const jobStatuses = jobStatus.options;

export const jobStatusColors: Record<JobStatus, string> = {
  planned: 'steel',
  released: 'indigo',
  'in-progress': 'orange',
  done: 'green',
  cancelled: 'gray',
};

export interface JobFilter {
  q?: string;
  status?: JobStatus;
  salesOrderLineId?: string;
  offset: number;
  limit: number;
}

export const jobListQuery = (filter: JobFilter) =>
  queryOptions({
    queryKey: ['jobs', 'list', filter],
    queryFn: ({ signal }) => api.get('/api/jobs', { query: { ...filter }, schema: page(jobSummary), signal }),
  });

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: ['jobs', id],
    queryFn: ({ signal }) => api.get(`/api/jobs/${id}`, { schema: jobDetail, signal }),
  });
