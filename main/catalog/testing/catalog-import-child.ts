// A register importing a catalog, for the interrupted-import test: opens the store in the data
// folder given on the command line and imports the file, printing `LOADED <rows>` as rows are
// read, until it is killed (or `DONE` when it is not).
//
// Usage: tsx main/catalog/testing/catalog-import-child.ts <dataDir> <catalog.csv.gz>
import { openRegisterStore } from '../../store/open-register-store';
import { importCatalogFile } from '../import-catalog';

const [dataDir, file] = process.argv.slice(2);
if (dataDir === undefined || file === undefined) {
  console.error('usage: catalog-import-child <dataDir> <catalog.csv.gz>');
  process.exit(2);
}
const store = openRegisterStore({ dataDir });
await importCatalogFile(store.db, file, {
  chunkRows: 1000,
  progressEveryRows: 1000,
  onProgress: (p) => {
    if (p.phase === 'loading') process.stdout.write(`LOADED ${p.rowsDone}\n`);
  },
});
store.db.close();
process.stdout.write('DONE\n');
