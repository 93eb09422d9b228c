"""The Slack bot: a thin slack-bolt adapter around the engine, knowledge base and rules module.

Nothing in the core imports this package; `boneguide slack` builds the app with `build_app`.
"""
