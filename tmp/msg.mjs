import { loadCatalog } from '../dist/src/catalog/catalog.js';
for (const d of ['bad-code','bad-yaml','missing-field','wrong-file-name','wrong-type']) { try { loadCatalog('test/fixtures/catalog/'+d); } catch (e) { console.log(e.message); } }
