-- The permissions of suspicious-activity alerts and compliance (docs/alerts.md,
-- docs/compliance.md): admins read and manage both, auditors read both.
INSERT INTO permission (name, description) VALUES
    ('alerts:read', 'Read alerts, their evidence, detector settings and alert routes'),
    ('alerts:manage', 'Acknowledge and resolve alerts, change detector settings and alert routes'),
    ('compliance:read', 'Read compliance frameworks, controls, scores and reports'),
    ('compliance:manage', 'Run compliance checks, attest controls and generate reports');
INSERT INTO role_permission (role_name, permission_name, scope) VALUES
    ('admin', 'alerts:read', 'all'),
    ('admin', 'alerts:manage', 'all'),
    ('admin', 'compliance:read', 'all'),
    ('admin', 'compliance:manage', 'all'),
    ('auditor', 'alerts:read', 'all'),
    ('auditor', 'compliance:read', 'all');
