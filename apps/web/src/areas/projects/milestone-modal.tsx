/** A milestone's name and due date (PATCH …/milestones/:id at its version); errors at the field. */
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type Project, type ProjectMilestone, projectQuery, projectSchema } from './projects-api';

const inputs = ['name', 'dueDate'] as const;

export function MilestoneModal({
  project,
  milestone,
  onClose,
}: {
  project: Project;
  milestone: ProjectMilestone;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(milestone.name);
  const [dueDate, setDueDate] = useState(milestone.dueDate ?? '');
  const [errors, setErrors] = useState<FormErrors<(typeof inputs)[number]>>(noFormErrors);
  const save = useMutation({
    mutationFn: () =>
      api.patch(
        `/api/projects/${project.id}/milestones/${milestone.id}`,
        { version: milestone.version, name, dueDate: dueDate || null },
        { schema: projectSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (next) => {
      queryClient.setQueryData(projectQuery(project.id).queryKey, next);
      await queryClient.invalidateQueries({ queryKey: ['projects', 'list'] });
      onClose();
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Milestone: ${milestone.name}`}>
      <form onSubmit={submit} noValidate data-testid="milestone-form">
        <FormErrorAlert
          errors={errors}
          onReload={() => queryClient.invalidateQueries({ queryKey: projectQuery(project.id).queryKey })}
        />
        <Stack gap="sm">
          <TextInput
            label="Name"
            name="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.fields.name}
          />
          <TextInput
            type="date"
            label="Due"
            name="dueDate"
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            error={errors.fields.dueDate}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
