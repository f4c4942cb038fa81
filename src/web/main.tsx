import { render } from 'preact';
import { Chat } from './chat.tsx';
import { ConsoleApp } from './console/app.tsx';
import './styles.css';
import './console/console.css';

const root = document.getElementById('app');
if (root) render(location.pathname.startsWith('/console') ? <ConsoleApp /> : <Chat />, root);
