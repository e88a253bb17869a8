import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../ui/api-client';
import { session, sessionQuery } from '../../ui/session';

export function LoginPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: '/login' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await api.post('/api/auth/login', { email, password }, { schema: session });
      queryClient.clear();
      queryClient.setQueryData(sessionQuery.queryKey, signedIn);
      await navigate({ to: redirect?.startsWith('/') ? redirect : '/' });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 400)) {
        setError(
          e.status === 401 ? 'Wrong email or password.' : 'Enter a valid email address and a password.',
        );
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={signIn} noValidate>
          <Stack gap="sm">
            <Box>
              <Title order={2} c="steel.9" style={{ letterSpacing: '0.04em' }}>
                TAKT
              </Title>
              <Text size="sm" c="dimmed">
                ERP · planning · shop floor — sign in to continue
              </Text>
            </Box>
            {error && (
              <Alert color="red" variant="light" role="alert" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} fullWidth mt="xs">
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
