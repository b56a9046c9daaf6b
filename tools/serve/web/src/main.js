// The web map of `assetmap serve` (issue 8): the modules of the page, in the order their
// map layers stack; asset editing (issue 9) is the last.

import { App } from './app.js';
import { AssetLayers } from './assets.js';
import { Choropleth } from './choropleth.js';
import { AssetEditor } from './edit.js';
import { NearHere } from './near.js';
import { AreaProfile } from './profile.js';

const app = new App(document, window);
app.use(new Choropleth());
app.use(new AssetLayers());
app.use(new NearHere());
app.use(new AreaProfile());
app.use(new AssetEditor());
app.start().catch((e) => {
  document.body.dataset.state = 'error';
  console.error(e);
});
