/**
 * Identity: users, roles, web sessions and API tokens. The only writer of users, sessions and
 * api_tokens. Passwords are argon2id hashes; session and token secrets are stored as SHA-256.
 */
import { randomBytes } from 'node:crypto';
import type { Role, User } from '@takt/contracts';
import { and, count, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db/database';
import { NotFoundError, UnauthorizedError, VersionConflictError } from '../../platform/errors';
import { hashPassword, verifyPassword } from './passwords';
import { apiTokens, sessions, users } from './tables';
import { hashSecret, newSecret } from './tokens';

export const SESSION_DAYS = 14;
/** a badge session lasts one long shift */
export const BADGE_SESSION_HOURS = 12;

export interface Principal {
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  customerId: string | null;
}

type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    customerId: row.customerId,
    badgeCode: row.badgeCode,
    active: row.active,
    version: row.version,
  };
}

const toPrincipal = (row: UserRow): Principal => ({
  userId: row.id,
  name: row.name,
  email: row.email,
  roles: row.roles as Role[],
  customerId: row.customerId,
});

export const actorOf = (p: Principal): Actor => ({ id: p.userId, name: p.name });

export class IdentityService {
  constructor(private readonly db: Db) {}

  /** Checks email and password; returns a new session secret for the cookie. */
  async login(email: string, password: string): Promise<{ sessionToken: string; user: User }> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.toLowerCase()));
    // verify even for unknown users so timing does not reveal which emails exist
    const valid = await verifyPassword(row?.passwordHash ?? DUMMY_HASH, password);
    if (!row || !valid || !row.active) throw new UnauthorizedError('wrong email or password');
    const sessionToken = newSecret('s_');
    await this.db.insert(sessions).values({
      tokenHash: hashSecret(sessionToken),
      userId: row.id,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    });
    return { sessionToken, user: toUser(row) };
  }

  /**
   * Signs in at a shop-floor terminal by badge code: a session of the badge's user for one
   * shift (the terminal signs out after each operator is done, or the session ends by itself).
   */
  async loginByBadge(badgeCode: string): Promise<{ sessionToken: string; user: User }> {
    const [row] = await this.db.select().from(users).where(eq(users.badgeCode, badgeCode.trim()));
    if (!row?.active) throw new UnauthorizedError('unknown badge: scan it again or ask your supervisor');
    const sessionToken = newSecret('s_');
    await this.db.insert(sessions).values({
      tokenHash: hashSecret(sessionToken),
      userId: row.id,
      expiresAt: new Date(Date.now() + BADGE_SESSION_HOURS * 3_600_000),
    });
    return { sessionToken, user: toUser(row) };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(sessionToken)));
  }

  async principalFromSession(sessionToken: string): Promise<Principal | undefined> {
    const [row] = await this.db
      .select({ user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, hashSecret(sessionToken)),
          gt(sessions.expiresAt, new Date()),
          eq(users.active, true),
        ),
      );
    return row ? toPrincipal(row.user) : undefined;
  }

  async principalFromApiToken(token: string): Promise<Principal | undefined> {
    const [row] = await this.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)))
      .returning({ userId: apiTokens.userId });
    if (!row) return undefined;
    const [user] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.id, row.userId), eq(users.active, true)));
    return user ? toPrincipal(user) : undefined;
  }

  async getUser(id: string): Promise<User> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    if (!row) throw new NotFoundError('user', id);
    return toUser(row);
  }

  async listUsers(query: { limit: number; offset: number; q?: string }) {
    const filter = query.q
      ? or(ilike(users.email, `%${query.q}%`), ilike(users.name, `%${query.q}%`))
      : undefined;
    const [rows, [{ total }]] = await Promise.all([
      this.db.select().from(users).where(filter).orderBy(users.email).limit(query.limit).offset(query.offset),
      this.db.select({ total: count() }).from(users).where(filter),
    ]);
    return { items: rows.map(toUser), total, limit: query.limit, offset: query.offset };
  }

  async createUser(
    actor: Actor,
    input: {
      email: string;
      name: string;
      password: string;
      roles: Role[];
      customerId?: string | null;
      badgeCode?: string;
    },
  ): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          email: input.email.toLowerCase(),
          name: input.name,
          passwordHash,
          roles: input.roles,
          customerId: input.customerId ?? null,
          badgeCode: input.badgeCode,
        })
        .returning();
      const user = toUser(row);
      await recordAudit(tx, actor, { entity: 'user', entityId: row.id, action: 'create', after: user });
      return user;
    });
  }

  async updateUser(
    actor: Actor,
    id: string,
    version: number,
    patch: { name?: string; roles?: Role[]; active?: boolean; password?: string; badgeCode?: string | null },
  ): Promise<User> {
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!before) throw new NotFoundError('user', id);
      if (before.version !== version) throw new VersionConflictError('user', id, version, before.version);
      const [row] = await tx
        .update(users)
        .set({
          name: patch.name,
          roles: patch.roles,
          active: patch.active,
          badgeCode: patch.badgeCode,
          passwordHash,
          version: sql`${users.version} + 1`,
        })
        .where(eq(users.id, id))
        .returning();
      if (patch.active === false) await tx.delete(sessions).where(eq(sessions.userId, id));
      const after = toUser(row);
      await recordAudit(tx, actor, {
        entity: 'user',
        entityId: id,
        action: 'update',
        before: toUser(before),
        after,
      });
      return after;
    });
  }

  async createApiToken(principal: Principal, name: string) {
    const token = newSecret('takt_');
    const [row] = await this.db
      .insert(apiTokens)
      .values({ userId: principal.userId, name, tokenHash: hashSecret(token) })
      .returning();
    await recordAudit(this.db, actorOf(principal), {
      entity: 'api-token',
      entityId: row.id,
      action: 'create',
      after: { name },
    });
    return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: null, token };
  }

  async listApiTokens(principal: Principal) {
    const rows = await this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, principal.userId), isNull(apiTokens.revokedAt)))
      .orderBy(apiTokens.createdAt);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    }));
  }

  async revokeApiToken(principal: Principal, id: string): Promise<void> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, principal.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (rows.length === 0) throw new NotFoundError('API token', id);
    await recordAudit(this.db, actorOf(principal), { entity: 'api-token', entityId: id, action: 'revoke' });
  }

  /**
   * First run: when there is no user yet, create the admin. The password comes from
   * TAKT_ADMIN_PASSWORD or is generated and returned once so the CLI can print it.
   */
  async ensureAdmin(
    email: string,
    password?: string,
  ): Promise<{ email: string; generatedPassword?: string } | undefined> {
    const [{ total }] = await this.db.select({ total: count() }).from(users);
    if (total > 0) return undefined;
    const generatedPassword = password ? undefined : randomBytes(12).toString('base64url');
    await this.createUser(
      { id: null, name: 'system' },
      { email, name: 'Administrator', password: password ?? generatedPassword!, roles: ['admin'] },
    );
    return { email, generatedPassword };
  }
}

// a valid argon2id hash of a random string, verified against when the email is unknown
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9i2oRzcN2O0WqTq8HsDbVvjAFJSmY6M7KBu6ePMhi2c';
