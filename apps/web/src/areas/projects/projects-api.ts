/** Queries and labels of engineer-to-order projects for the project pages. */
import {
  estimateAccuracy,
  type Project,
  type ProjectCost,
  page,
  project,
  projectCost,
  projectPaymentStatus,
  projectPerson,
  projectStatus,
  projectSummary,
  similarProject,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export type { Project, ProjectCost };
export type ProjectStatus = z.infer<typeof projectStatus>;
export type ProjectPhase = Project['phases'][number];
export type ProjectMilestone = Project['milestones'][number];
export type ProjectPayment = Project['payments'][number];
export type EngineeringTask = Project['engineeringTasks'][number];
export const projectStatuses = projectStatus.options;
export const paymentStatuses = projectPaymentStatus.options;

export const projectStatusColors: Record<ProjectStatus, string> = {
  quoting: 'yellow',
  active: 'steel',
  completed: 'green',
  cancelled: 'gray',
};

export const paymentStatusColors: Record<ProjectPayment['status'], string> = {
  planned: 'gray',
  due: 'orange',
  invoiced: 'steel',
  paid: 'green',
};

export const phaseLabels: Record<ProjectPhase['kind'], string> = {
  specification: 'Specification',
  design: 'Design',
  approval: 'Approval',
  procurement: 'Procurement',
  production: 'Production',
  delivery: 'Delivery',
};

export const projectListQuery = (filter: {
  q?: string;
  status?: ProjectStatus;
  offset: number;
  limit: number;
}) =>
  queryOptions({
    queryKey: ['projects', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/projects', { query: { ...filter }, schema: page(projectSummary), signal }),
  });

export const projectQuery = (id: string) =>
  queryOptions({
    queryKey: ['projects', id],
    queryFn: ({ signal }) => api.get(`/api/projects/${id}`, { schema: project, signal }),
  });

/** Every change answers the whole project: one schema for all of them. */
export const projectSchema = project;

export const projectCostQuery = (id: string) =>
  queryOptions({
    queryKey: ['projects', id, 'cost'],
    queryFn: ({ signal }) => api.get(`/api/projects/${id}/cost`, { schema: projectCost, signal }),
  });

/** Past projects like an item (a new project's, before it exists). */
export const similarToItemQuery = (itemId: string) =>
  queryOptions({
    queryKey: ['projects', 'similar-to-item', itemId],
    queryFn: ({ signal }) =>
      api.get('/api/projects/similar', { query: { itemId }, schema: z.array(similarProject), signal }),
  });

/** Who can own a project, a phase or a task. */
export const projectPeopleQuery = () =>
  queryOptions({
    queryKey: ['projects', 'people'],
    queryFn: ({ signal }) => api.get('/api/projects/people', { schema: z.array(projectPerson), signal }),
    staleTime: 60_000,
  });

export const similarProjectsQuery = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'similar'],
    queryFn: ({ signal }) =>
      api.get('/api/projects/similar', { query: { projectId }, schema: z.array(similarProject), signal }),
  });

export const estimateAccuracyQuery = () =>
  queryOptions({
    queryKey: ['projects', 'estimate-accuracy'],
    queryFn: ({ signal }) => api.get('/api/projects/estimate-accuracy', { schema: estimateAccuracy, signal }),
  });
