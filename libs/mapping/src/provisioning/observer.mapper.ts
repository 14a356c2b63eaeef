import type { User } from '@rp/oneroster';
import { CanvasProjectionOf, canvasProjection } from './canvas-projection';
import type { ProjectionContext } from './ports/projection-context';
import { actsAsObserver, isStudent } from './role-map';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** Key of a user_observers row. */
export function observerLinkId(observerId: string, studentId: string): string {
  return `${observerId}:${studentId}`;
}

function link(observer: User, student: User, projected: User): CanvasProjectionOf<'user_observer'> {
  const deleted = observer.status === 'tobedeleted' || student.status === 'tobedeleted';
  const row = { observer_id: observer.sourcedId, student_id: student.sourcedId, status: deleted ? ('deleted' as const) : ('active' as const) };
  const other = projected === observer ? student : observer;
  const sources = [projected, other].map((u) => ({ type: 'user' as const, sourcedId: u.sourcedId }));
  const school = student.primaryOrg?.sourcedId ?? student.roles[0]?.org.sourcedId;
  return canvasProjection('user_observer', observerLinkId(observer.sourcedId, student.sourcedId), row, deleted ? 'delete' : 'upsert', sources, school);
}

/**
 * Observer links from a user's `agents`, only when observers are enabled. A guardian links to each known agent
 * who is a student; a student links to each known agent holding an enabled observer role. Agents not yet
 * received are skipped: whichever side arrives second emits the link, so nothing waits. A link is deleted
 * when either side is tobedeleted.
 */
export function projectObserverLinks(user: User, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjectionOf<'user_observer'>[] {
  if (!settings.observers.enabled) return [];
  const links = new Map<string, CanvasProjectionOf<'user_observer'>>();
  for (const agentRef of user.agents ?? []) {
    const agent = ctx.user(agentRef.sourcedId);
    if (!agent || agent.sourcedId === user.sourcedId) continue;
    if (actsAsObserver(user, settings) && isStudent(agent)) {
      const projection = link(user, agent, user);
      links.set(projection.sisId, projection);
    }
    if (isStudent(user) && actsAsObserver(agent, settings)) {
      const projection = link(agent, user, user);
      links.set(projection.sisId, projection);
    }
  }
  return [...links.values()];
}
