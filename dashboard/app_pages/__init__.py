"""Pages of the Streamlit app. Page files are thin: they call plain modules for everything.

May import: any package of dashboard.
"""
