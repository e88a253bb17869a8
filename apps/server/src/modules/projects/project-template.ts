/**
 * What every new project starts with: the six phases of an engineer-to-order order, the
 * milestones that close them, and a payment plan of the usual shape for special machines (an
 * advance on order, then at design approval, on delivery and after commissioning). All of it
 * is edited per project afterwards.
 */
import type { milestoneKinds, projectPhaseKinds } from './tables';

type PhaseKind = (typeof projectPhaseKinds)[number];
type MilestoneKind = (typeof milestoneKinds)[number];

export const templatePhases: { kind: PhaseKind; name: string }[] = [
  { kind: 'specification', name: 'Specification and quote' },
  { kind: 'design', name: 'Design and engineering' },
  { kind: 'approval', name: 'Customer approval' },
  { kind: 'procurement', name: 'Procurement' },
  { kind: 'production', name: 'Production and assembly' },
  { kind: 'delivery', name: 'Delivery and commissioning' },
];

export const templateMilestones: { kind: MilestoneKind; name: string; phase: PhaseKind }[] = [
  { kind: 'order', name: 'Order confirmed', phase: 'specification' },
  { kind: 'design-review', name: 'Design review', phase: 'design' },
  { kind: 'customer-approval', name: 'Customer approves the design', phase: 'approval' },
  { kind: 'fat', name: 'Factory acceptance test', phase: 'production' },
  { kind: 'delivery', name: 'Delivered', phase: 'delivery' },
  { kind: 'commissioning', name: 'Commissioned on site', phase: 'delivery' },
];

export const templatePayments: { label: string; percent: number; milestone: MilestoneKind }[] = [
  { label: 'Advance on order', percent: 30, milestone: 'order' },
  { label: 'On design approval', percent: 30, milestone: 'customer-approval' },
  { label: 'On delivery', percent: 30, milestone: 'delivery' },
  { label: 'After commissioning', percent: 10, milestone: 'commissioning' },
];
