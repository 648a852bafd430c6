/** Marks an entity whose inserts, updates and deletes are written to the audit trail. */
export interface AuditOptions {
  /** Properties never copied into the trail (password hashes, tokens). */
  exclude?: string[];
}

const audited = new WeakMap<object, AuditOptions>();

export function Audited(options: AuditOptions = {}): ClassDecorator {
  return (target) => {
    audited.set(target, options);
  };
}

export function auditOptionsOf(target: object | undefined): AuditOptions | undefined {
  return target ? audited.get(target) : undefined;
}
