// dyad dashboard (to come): plain ES module, talks only to the JSON API.
