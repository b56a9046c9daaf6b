// The web map of `assetmap serve` (issue 8): the modules of the page, in the order their
// map layers stack. Asset editing (issue 9) adds one more `app.use(...)` here.

import { App } from './app.js';
import { AssetLayers } from './assets.js';
import { Choropleth } from './choropleth.js';
import { NearHere } from './near.js';
import { AreaProfile } from './profile.js';

const app = new App(document, window);
app.use(new Choropleth());
app.use(new AssetLayers());
app.use(new NearHere());
app.use(new AreaProfile());
app.start().catch((e) => {
  document.body.dataset.state = 'error';
  console.error(e);
});
