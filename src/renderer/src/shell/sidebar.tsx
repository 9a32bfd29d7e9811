import { NavLink } from 'react-router';
import { useAppStore } from '../store/app-store';
import { childPath, sidebarSections, usePages, type PageDefinition } from './page-registry';

interface NavItemProps {
  page: Pick<PageDefinition, 'id' | 'label' | 'icon'>;
  path: string;
  nested?: boolean;
  /** Active only on its own path, not on its children's. */
  end?: boolean;
}

function NavItem({ page, path, nested = false, end = false }: NavItemProps) {
  const Icon = page.icon;
  return (
    <NavLink
      to={path}
      end={end}
      className={({ isActive }) => `nav-item${nested ? ' nav-item--nested' : ''}${isActive ? ' nav-item--active' : ''}`}
      data-testid={`nav-${page.id}`}
    >
      <Icon size={16} className="icon nav-item__icon" />
      <span className="nav-item__label">{page.label}</span>
    </NavLink>
  );
}

/** The left navigation, rebuilt whenever the page registry changes (a module enabled or disabled). */
export function Sidebar() {
  const pages = usePages();
  const version = useAppStore((s) => s.info.data?.appVersion);
  return (
    <nav className="sidebar" aria-label="Pages" data-testid="sidebar">
      {sidebarSections(pages).map((section) => (
        <div key={section.title} className="sidebar__group" data-testid={`sidebar-section-${section.title.toLowerCase()}`}>
          <div className="sidebar__section">{section.title}</div>
          <ul className="sidebar__list">
            {section.pages.map((page) => {
              const children = page.children ?? [];
              return (
                <li key={page.id}>
                  <NavItem page={page} path={page.path} end={children.length > 0} />
                  {children.length > 0 && (
                    <ul className="sidebar__list">
                      {children.map((child) => (
                        <li key={child.id}>
                          {/* A child at its parent's own address (a module's root page) is active only there. */}
                          <NavItem page={child} path={childPath(page, child)} nested end={!child.path.replace(/^\/+|\/+$/g, '')} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <div className="sidebar__footer" data-testid="sidebar-version">
        {version ? `NxForge Desktop ${version}` : 'NxForge Desktop'}
      </div>
    </nav>
  );
}
