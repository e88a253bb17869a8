/** The shell around every signed-in page: header with the user, navbar by role, the page. */
import { AppShell, Box, Burger, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Suspense } from 'react';
import { api } from '../api-client';
import { PageLoader } from '../page-state';
import { NavRouterLink } from '../router-links';
import { may, useSession } from '../session';
import { navigation } from './navigation';

export function AppLayout() {
  const [opened, { toggle }] = useDisclosure();
  const session = useSession();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  async function signOut() {
    await api.post('/api/auth/logout', undefined).catch(() => undefined);
    queryClient.clear();
    await navigate({ to: '/login', search: {} });
  }

  const areas = navigation
    .map((a) => ({ ...a, entries: a.entries.filter((e) => may(session, 'read', e.subject)) }))
    .filter((a) => a.entries.length > 0);

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header bg="#1c2633" c="white" withBorder={false}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" />
            <Text fw={700} fz="lg" style={{ letterSpacing: '0.12em' }}>
              TAKT
            </Text>
            <Text fz="xs" c="gray.5" visibleFrom="sm">
              ERP · APS · MES
            </Text>
          </Group>
          <Menu position="bottom-end" width={220} shadow="md">
            <Menu.Target>
              <UnstyledButton c="white" data-testid="user-menu">
                <Group gap={8} wrap="nowrap">
                  <Box
                    w={28}
                    h={28}
                    bg="steel.6"
                    style={{
                      borderRadius: 14,
                      display: 'grid',
                      placeItems: 'center',
                      fontSize: 12,
                      fontWeight: 600,
                    }}
                  >
                    {initials(session.user.name)}
                  </Box>
                  <Box>
                    <Text fz="sm" fw={500} lh={1.1} data-testid="user-name">
                      {session.user.name}
                    </Text>
                    <Text fz={11} c="gray.5" lh={1.1}>
                      {session.user.roles.join(', ')}
                    </Text>
                  </Box>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{session.user.email}</Menu.Label>
              <Menu.Item onClick={signOut}>Sign out</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      {/* the navbar scrolls on its own when the areas outgrow a short screen */}
      <AppShell.Navbar p="xs" bg="gray.0" aria-label="Main navigation" style={{ overflowY: 'auto' }}>
        {areas.map((area) => (
          <Box key={area.area} mb="sm">
            <Text
              fz={11}
              fw={700}
              c="dimmed"
              tt="uppercase"
              px="sm"
              py={4}
              style={{ letterSpacing: '0.06em' }}
            >
              {area.area}
            </Text>
            {area.entries.map((entry) => (
              <NavRouterLink
                key={entry.to}
                to={entry.to}
                label={entry.label}
                active={pathname === entry.to || pathname.startsWith(`${entry.to}/`)}
                variant="filled"
                style={{ borderRadius: 4 }}
              />
            ))}
          </Box>
        ))}
      </AppShell.Navbar>

      <AppShell.Main bg="#f6f7f9">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}
