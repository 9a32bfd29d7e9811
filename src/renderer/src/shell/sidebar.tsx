import { NavLink } from 'react-router';
import { useAppStore } from '../store/app-store';
import { childPath, usePages, type PageDefinition } from './page-registry';

function NavItem({ page, path, nested = false }: { page: Omit<PageDefinition, 'children'>; path: string; nested?: boolean }) {
  const Icon = page.icon;
  return (
    <NavLink
      to={path}
      className={({ isActive }) => `nav-item${nested ? ' nav-item--nested' : ''}${isActive ? ' nav-item--active' : ''}`}
      data-testid={`nav-${page.id}`}
    >
      <Icon size={16} className="icon nav-item__icon" />
      <span className="nav-item__label">{page.label}</span>
    </NavLink>
  );
}

/** The left navigation, rebuilt whenever the page registry changes. */
export function Sidebar() {
  const pages = usePages();
  const version = useAppStore((s) => s.info.data?.appVersion);
  return (
    <nav className="sidebar" aria-label="Pages" data-testid="sidebar">
      <div className="sidebar__section">Workspace</div>
      <ul className="sidebar__list">
        {pages.map((page) => (
          <li key={page.id}>
            <NavItem page={page} path={page.path} />
            {page.children && page.children.length > 0 && (
              <ul className="sidebar__list">
                {page.children.map((child) => (
                  <li key={child.id}>
                    <NavItem page={child} path={childPath(page, child)} nested />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <div className="sidebar__footer" data-testid="sidebar-version">
        {version ? `NxForge Desktop ${version}` : 'NxForge Desktop'}
      </div>
    </nav>
  );
}
