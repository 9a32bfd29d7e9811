import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useAppStore } from '../../store/app-store';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { IconPackage, IconUpload } from '../../ui/icons';
import { PageHeader, RefreshButton } from '../../ui/page-header';
import { InstallPanel, usePackagePicker } from './install-panel';
import { ModuleList } from './module-list';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/** Drag-and-drop anywhere on the page; a counter, since dragenter and dragleave fire per child. */
function useFileDrop(onFile: (file: File) => void) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const file = e.dataTransfer.files[0];
      if (file) onFile(file);
    },
  };
  return { dragging, handlers };
}

function EmptyModules({ onPick }: { onPick(): void }) {
  return (
    <section className="card empty-state" data-testid="modules-none">
      <div className="empty-state__icon">
        <IconPackage size={22} />
      </div>
      <div className="empty-state__title">No modules yet</div>
      <p className="empty-state__text">
        Modules bring meters, scraping jobs, reports and their pages. Install one from a .nxmod file its author gave you.
      </p>
      <button type="button" className="btn btn--secondary" onClick={onPick}>
        <IconUpload size={14} />
        Choose a .nxmod file
      </button>
    </section>
  );
}

/** Install, enable, disable and uninstall modules; each links to its settings, log and API. */
export function ModulesPage() {
  const modules = useAppStore((s) => s.modules);
  const loadModules = useAppStore((s) => s.loadModules);
  const installing = useAppStore((s) => s.install.phase === 'busy');
  const installModuleFile = useAppStore((s) => s.installModuleFile);
  const picker = usePackagePicker();
  const { dragging, handlers } = useFileDrop((file) => void installModuleFile(file));
  useEffect(() => {
    void loadModules();
  }, [loadModules]);
  return (
    <div className="modules-page" data-testid="modules-page" {...handlers}>
      {picker.input}
      <PageHeader
        title="Modules"
        description="Install, enable and configure the modules that bring meters, jobs and pages."
        actions={
          <>
            <RefreshButton loading={modules.loading} onClick={() => void loadModules()} />
            <button type="button" className="btn btn--primary" onClick={picker.open} disabled={installing} data-testid="install-button">
              <IconUpload size={14} />
              Install module…
            </button>
          </>
        }
      />
      <div className="stack">
        <InstallPanel onPick={picker.open} compact={(modules.data?.length ?? 0) > 0} />
        <AsyncView state={modules} what="modules" onRetry={() => void loadModules()} skeleton={<SkeletonLines lines={5} />}>
          {(list) => (list.length === 0 ? <EmptyModules onPick={picker.open} /> : <ModuleList modules={list} />)}
        </AsyncView>
      </div>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <div className="drop-overlay__box">
            <IconUpload size={28} />
            <div className="drop-overlay__title">Drop the .nxmod file to install it</div>
            <div className="drop-overlay__hint">It is checked before any of its code runs.</div>
          </div>
        </div>
      )}
    </div>
  );
}
