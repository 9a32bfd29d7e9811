import { z } from 'zod';
import { AppError } from '../core/router/app-error';
import type { Router } from '../core/router/router';

/** What printing needs of the window's webContents. */
export interface PdfSource {
  printToPDF(options: { printBackground: boolean; pageSize: 'A4' | 'Letter'; landscape: boolean }): Promise<Buffer>;
}

export interface PrintToPdfDeps {
  router: Router;
  /** The app window's contents, or null while no window is open. */
  source(): PdfSource | null;
  /** Asks the user where to save (a save dialog); null when they cancel. */
  chooseFile(defaultName: string): Promise<string | null>;
  writeFile(path: string, data: Buffer): Promise<void>;
}

export interface PrintToPdfResult {
  saved: boolean;
  path: string | null;
  bytes: number;
}

// A file name, not a path: the user picks the folder in the dialog.
const FILE_NAME = /^[^/\\:*?"<>|]+$/;
const hasControlCharacter = (value: string): boolean => [...value].some((c) => c.charCodeAt(0) < 32);

const body = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(FILE_NAME, 'must be a file name without a folder or any of / \\ : * ? " < > |')
      .refine((name) => !hasControlCharacter(name), 'must not hold control characters')
      .optional(),
    pageSize: z.enum(['A4', 'Letter']).optional(),
    landscape: z.boolean().optional(),
  })
  .strict();

/**
 * `POST core /desktop/print-to-pdf`: saves the page on screen as a PDF, through the page's print
 * stylesheet, where the user chooses. Only the desktop app registers it; pages fall back to the
 * browser's print dialog when it is missing (see `printPage` in the SDK).
 */
export function registerPrintToPdf(deps: PrintToPdfDeps): () => void {
  return deps.router.add({
    module: 'core',
    method: 'POST',
    path: '/desktop/print-to-pdf',
    summary: 'Save the page on screen as a PDF (desktop app only): asks where, answers the path',
    body,
    handler: async ({ body: input }: { body: z.infer<typeof body> }): Promise<PrintToPdfResult> => {
      const source = deps.source();
      if (!source) throw new AppError('CONFLICT', 'No window is open to print: open the app window and try again.');
      const name = input.fileName ?? 'NxForge report';
      const path = await deps.chooseFile(name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`);
      if (!path) return { saved: false, path: null, bytes: 0 };
      const data = await source.printToPDF({ printBackground: true, pageSize: input.pageSize ?? 'A4', landscape: input.landscape ?? false });
      await deps.writeFile(path, data);
      return { saved: true, path, bytes: data.length };
    },
  });
}
